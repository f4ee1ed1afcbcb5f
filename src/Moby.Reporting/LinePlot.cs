namespace Moby.Reporting;

/// <summary>One line chart written to a PNG with ScottPlot.</summary>
internal static class LinePlot
{
    public static void Save(string path, string title, string xLabel, string yLabel, IReadOnlyList<(double X, double Y)> points,
                            int width = 800, int height = 450)
    {
        var plot = new ScottPlot.Plot();
        var line = plot.Add.ScatterLine(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray());
        line.LineWidth = 1.5f;
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        PngFile.Save(plot, path, width, height);
    }
}
