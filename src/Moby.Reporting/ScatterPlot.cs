namespace Moby.Reporting;

/// <summary>A 2-D map of points, one colour per class, as a PNG scatter plot.</summary>
internal static class ScatterPlot
{
    public static void Save(string path, string title, string xLabel, string yLabel, IReadOnlyList<string> classes,
                            IReadOnlyList<(double X, double Y)> points, IReadOnlyList<long> labels)
    {
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int c = 0; c < classes.Count; c++)
        {
            var members = Enumerable.Range(0, points.Count).Where(i => labels[i] == c).ToArray();
            var scatter = plot.Add.ScatterPoints(members.Select(i => points[i].X).ToArray(), members.Select(i => points[i].Y).ToArray());
            scatter.Color = palette.GetColor(c).WithAlpha(0.6);
            scatter.MarkerSize = 3;
            scatter.LegendText = classes[c];
        }
        plot.ShowLegend(ScottPlot.Edge.Right);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        PngFile.Save(plot, path, 1000, 750);
    }
}
