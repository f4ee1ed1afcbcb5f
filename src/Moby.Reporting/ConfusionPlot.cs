namespace Moby.Reporting;

/// <summary>A row-normalised confusion matrix (true class down, predicted across) as a PNG heatmap, each cell labelled.</summary>
internal static class ConfusionPlot
{
    public static void Save(string path, string title, IReadOnlyList<string> classes, double[,] fractions)
    {
        int n = classes.Count;
        var plot = new ScottPlot.Plot();
        var heatmap = plot.Add.Heatmap(fractions);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap);
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
            {
                // ScottPlot draws row 0 at the top: cell (r, c) is centred at (c, n - 1 - r).
                var label = plot.Add.Text($"{fractions[r, c]:0.00}", c, n - 1 - r);
                label.LabelFontSize = 10;
                label.LabelFontColor = fractions[r, c] > 0.5 ? ScottPlot.Colors.Black : ScottPlot.Colors.White;
                label.LabelAlignment = ScottPlot.Alignment.MiddleCenter;
            }
        var ticks = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, classes.ToArray());
        plot.Axes.Left.SetTicks(ticks, classes.Reverse().ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = ScottPlot.Alignment.MiddleLeft;
        plot.Title(title);
        plot.XLabel("predicted");
        plot.YLabel("true");
        PngFile.Save(plot, path, 900, 800);
    }
}
