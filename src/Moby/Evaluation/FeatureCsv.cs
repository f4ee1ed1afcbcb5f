using System.Globalization;
using static TorchSharp.torch;

namespace Moby.Evaluation;

/// <summary>Features as CSV for tools outside .NET: one row per image, the label first (empty when unlabeled), then the features.</summary>
internal static class FeatureCsv
{
    public static void Write(string path, LabeledFeatures features)
    {
        using var values = features.Features.to(float32).contiguous();
        var flat = values.data<float>().ToArray();
        long rows = values.shape[0], columns = values.shape[1];
        var labels = features.Labels.numel() == rows ? features.Labels.to(int64).contiguous().data<long>().ToArray() : null;
        using var writer = new StreamWriter(path);
        writer.WriteLine(string.Join(',', new[] { "label" }.Concat(Enumerable.Range(0, (int)columns).Select(i => $"f{i}"))));
        for (long r = 0; r < rows; r++)
        {
            writer.Write(labels is null ? "" : labels[r].ToString(CultureInfo.InvariantCulture));
            for (long c = 0; c < columns; c++)
            {
                writer.Write(',');
                writer.Write(flat[r * columns + c].ToString("R", CultureInfo.InvariantCulture));
            }
            writer.WriteLine();
        }
    }
}
