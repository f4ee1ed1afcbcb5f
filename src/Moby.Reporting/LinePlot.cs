namespace Moby.Reporting;

/// <summary>Line charts written to a PNG with ScottPlot: one line, or several with a legend.</summary>
internal static class LinePlot
{
    public static void Save(string path, string title, string xLabel, string yLabel, IReadOnlyList<(double X, double Y)> points,
                            int width = 800, int height = 450)
    {
        var plot = Chart(title, xLabel, yLabel);
        Add(plot, points);
        PngFile.Save(plot, path, width, height);
    }

    public static void Save(string path, string title, string xLabel, string yLabel,
                            IReadOnlyList<(string Legend, IReadOnlyList<(double X, double Y)> Points)> series, int width = 800, int height = 450)
    {
        var plot = Chart(title, xLabel, yLabel);
        foreach (var (legend, points) in series.Where(s => s.Points.Count > 0)) Add(plot, points).LegendText = legend;
        plot.ShowLegend();
        PngFile.Save(plot, path, width, height);
    }

    private static ScottPlot.Plot Chart(string title, string xLabel, string yLabel)
    {
        var plot = new ScottPlot.Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    private static ScottPlot.Plottables.Scatter Add(ScottPlot.Plot plot, IReadOnlyList<(double X, double Y)> points)
    {
        var line = plot.Add.ScatterLine(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray());
        line.LineWidth = 1.5f;
        return line;
    }
}
