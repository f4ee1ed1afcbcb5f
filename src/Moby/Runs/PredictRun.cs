using Moby.Data;
using Moby.Finetune;
using Moby.Interop;

namespace Moby.Runs;

/// <summary>
/// <c>moby predict</c>: a fine-tuned classifier on an image file, a folder of images (recursively), or a data source
/// (its test split, or a flat folder's images); the top classes of each image, written to a CSV or JSON file when asked.
/// An image folder data source must have the checkpoint's classes, whose labels then give the accuracy.
/// </summary>
internal static class PredictRun
{
    /// <param name="progress">Told the images done and the total as batches finish (for a progress bar).</param>
    public static PredictSummary Execute(string weights, string? model, string input, int topK, string? output, Action<string>? log = null,
                                         Action<int, int>? progress = null, int batchSize = 64)
    {
        using var folder = output != null ? PredictionFile.Check(output) : null;
        var (classifier, info) = ClassifierLoader.Load(weights, model);
        using (classifier)
        {
            using var images = Inputs(input, info, classifier.Backbone.ImageSize);
            var predictions = new Predictor(classifier, info).Predict(images, topK, batchSize, log, done => progress?.Invoke(done, images.Count)).ToList();
            // Nothing decoded is a failed run (as knn refuses it), not an empty table with exit code 0.
            if (predictions.Count == 0)
                throw new DataException(images.Count == 1
                    ? $"--input '{ShownNames.Path(input)}': its image could not be read (see the warning above)"
                    : $"--input '{ShownNames.Path(input)}': none of its {images.Count} images could be read (each skipped above)");
            if (output != null) PredictionFile.Write(output, predictions, info.Classes);
            var labelled = predictions.Where(p => p.Label >= 0).ToList();
            double? top1 = labelled.Count > 0 ? labelled.Count(p => p.Classes[0] == p.Label) / (double)labelled.Count : null;
            return new PredictSummary(predictions, info.Classes, images.Count - predictions.Count, top1);
        }
    }

    /// <summary>An image file, a folder of image files, or a data source (named as for --data).</summary>
    private static IImageDataset Inputs(string input, ClassifierInfo info, int size)
    {
        var decoding = ImageDecodeOptions.Default with { TargetSize = size };
        if (File.Exists(input)) return new ImageFiles([input], null, [], decoding);
        if (Directory.Exists(input)) return FlatFolder.Open(input, DataSplit.Unlabeled, decoding);
        if (!input.Contains(':') && !input.StartsWith("fashion-mnist", StringComparison.Ordinal))
            throw new DataException($"--input '{ShownNames.Path(input)}' is neither an image file, a folder, nor a data source (such as imagefolder:/path or fashion-mnist)");
        var source = DataSource.Parse(input) with { Decoding = decoding };
        var images = source.Open(source.Splits.Contains(DataSplit.Test) ? DataSplit.Test : DataSplit.Unlabeled);
        if (images.NumClasses > 0 && ClassesDiffer(images.ClassNames, info.Classes) is { } difference)
        {
            images.Dispose();
            throw new DataException($"{ShownNames.Path(source.ToString())} has other classes than the classifier: {difference}; predict on data with the classifier's classes, or on a plain folder of images");
        }
        return images;
    }

    /// <summary>How two class lists differ (count, or the first name that does), or null when they are the same.</summary>
    private static string? ClassesDiffer(IReadOnlyList<string> data, IReadOnlyList<string> classifier)
    {
        if (data.Count != classifier.Count)
            return $"{data.Count} classes ({ShownNames.List(data.ToList())}) against the classifier's {classifier.Count} ({ShownNames.List(classifier.ToList())})";
        int first = Enumerable.Range(0, data.Count).FirstOrDefault(i => data[i] != classifier[i], -1);
        return first < 0 ? null : $"class {first} is '{ShownNames.One(data[first])}' there but '{ShownNames.One(classifier[first])}' in the classifier";
    }
}
