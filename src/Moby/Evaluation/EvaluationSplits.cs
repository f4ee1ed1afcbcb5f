using Moby.Data;
using Moby.Interop;

namespace Moby.Evaluation;

/// <summary>
/// What an evaluation fits on and what it scores: the train and test splits, or, for tuning without touching the test
/// split, the train split with an evenly spread held-out fraction scored and the rest fitted.
/// </summary>
internal sealed class EvaluationSplits : IDisposable
{
    private readonly IImageDataset trainSplit;
    private readonly IImageDataset? testSplit;

    public IImageDataset Train { get; }
    public IImageDataset Test { get; }
    /// <summary>What <see cref="Test"/> is, for logs, plots and metrics.json: "the test split" or "N held-out train images".</summary>
    public string Scored { get; }

    private EvaluationSplits(IImageDataset trainSplit, IImageDataset? testSplit, IImageDataset train, IImageDataset test, string scored)
    {
        (this.trainSplit, this.testSplit, Train, Test, Scored) = (trainSplit, testSplit, train, test, scored);
    }

    public static EvaluationSplits Open(DataSource source, double holdOut) => Open(source, holdOut, null);

    /// <param name="labels">Fit on this labelled subset of the train split only (not with <paramref name="holdOut"/>); null: all of it.</param>
    internal static EvaluationSplits Open(DataSource source, double holdOut, LabelSelection? labels)
    {
        if (holdOut is < 0 or >= 1) throw new ArgumentException($"the held-out fraction must be in [0, 1), got {holdOut}");
        if (labels is not null && holdOut > 0) throw new ArgumentException("a label fraction and a held-out fraction cannot be combined; the fraction's own held-out set is never scored");
        var trainSplit = source.Open(DataSplit.Train);
        try
        {
            if (trainSplit.NumClasses == 0)
                throw new DataException($"{ShownNames.Path(source.ToString())} has no labels; kNN and linear evaluation need a labelled train and test split.");
            if (holdOut == 0)
            {
                var testSplit = source.Open(DataSplit.Test);
                var labelled = labels is null ? trainSplit : new Subset(trainSplit, LabelledSplit.Select(trainSplit, labels).Labelled);
                return new EvaluationSplits(trainSplit, testSplit, labelled, testSplit, "the test split");
            }
            int heldOut = (int)(trainSplit.Count * holdOut);
            var (fit, scored) = Subset.Disjoint(trainSplit, trainSplit.Count - heldOut, heldOut);
            return new EvaluationSplits(trainSplit, null, fit, scored, $"{heldOut} held-out train images");
        }
        catch
        {
            trainSplit.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        testSplit?.Dispose();
        trainSplit.Dispose();
    }
}
