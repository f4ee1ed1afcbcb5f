using static TorchSharp.torch;

namespace Moby.Reporting;

/// <summary>A 2-D map of embeddings [N, 2], one colour per class, as a PNG scatter plot.</summary>
internal static class EmbeddingPlot
{
    public static void Save(string path, string title, IReadOnlyList<string> classes, Tensor points, long[] labels, int maxPoints = 5000)
    {
        var xy = points.contiguous().data<float>().ToArray();
        int n = Math.Min(labels.Length, maxPoints);
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int c = 0; c < classes.Count; c++)
        {
            var members = Enumerable.Range(0, n).Where(i => labels[i] == c).ToArray();
            var scatter = plot.Add.ScatterPoints(members.Select(i => (double)xy[2 * i]).ToArray(), members.Select(i => (double)xy[2 * i + 1]).ToArray());
            scatter.Color = palette.GetColor(c).WithAlpha(0.6);
            scatter.MarkerSize = 3;
            scatter.LegendText = classes[c];
        }
        plot.ShowLegend(ScottPlot.Edge.Right);
        plot.Title(title);
        plot.XLabel("PC 1");
        plot.YLabel("PC 2");
        PngFile.Save(plot, path, 1000, 750);
    }
}
