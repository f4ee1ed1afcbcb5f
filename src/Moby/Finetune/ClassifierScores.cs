using Moby.Data;
using Moby.Evaluation;
using static TorchSharp.torch;

namespace Moby.Finetune;

/// <summary>
/// Top-1 / top-5 of a classifier on a labelled data set, every image through the evaluation transform (resize, centre
/// crop, normalise) in eval mode; the model goes back to the mode it was in.
/// </summary>
internal static class ClassifierScores
{
    public static ClassificationResult Evaluate(Classifier model, IImageDataset data, EvalTransformOptions transform, int batchSize = 256,
                                                int workers = 0, Action<string>? warn = null)
    {
        bool training = model.training;
        model.eval();
        try
        {
            var loader = new EvalLoader(data, new EvalTransform(transform, data.Stats), new LoaderOptions
            {
                BatchSize = batchSize, Workers = workers > 0 ? workers : Environment.ProcessorCount, DropLast = false, Warn = warn,
                Device = model.parameters().First().device,
            });
            double top1 = 0, top5 = 0;
            var predictions = new List<long>(data.Count);
            foreach (var batch in loader.Batches())
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                using (batch)
                {
                    var scored = TopK.FromScores(model.call(batch.Images), batch.Labels);
                    (top1, top5) = (top1 + scored.Top1 * batch.Count, top5 + scored.Top5 * batch.Count);
                    predictions.AddRange(scored.Predictions);
                }
            }
            return new ClassificationResult(top1 / data.Count, top5 / data.Count, predictions.ToArray());
        }
        finally
        {
            model.train(training);
        }
    }
}
