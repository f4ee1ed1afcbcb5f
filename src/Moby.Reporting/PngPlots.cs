using Moby.Runs;

namespace Moby.Reporting;

/// <summary>
/// Draws the plots of Moby.NET runs as PNG files with ScottPlot, each written atomically. Give it to a run that takes
/// an <see cref="IPlotRenderer"/>: <c>PretrainingSettings.Plots</c>, <c>PretrainRun.Execute</c>, <c>EvaluationRun.Execute</c>,
/// <c>Quickstart.Run</c>.
/// </summary>
public sealed class PngPlots : IPlotRenderer
{
    /// <inheritdoc/>
    public void Line(string path, string title, string xLabel, string yLabel, IReadOnlyList<(double X, double Y)> points) =>
        LinePlot.Save(path, title, xLabel, yLabel, points);

    /// <inheritdoc/>
    public void Lines(string path, string title, string xLabel, string yLabel,
                      IReadOnlyList<(string Legend, IReadOnlyList<(double X, double Y)> Points)> series) =>
        LinePlot.Save(path, title, xLabel, yLabel, series);

    /// <inheritdoc/>
    public void Confusion(string path, string title, IReadOnlyList<string> classes, double[,] fractions) =>
        ConfusionPlot.Save(path, title, classes, fractions);

    /// <inheritdoc/>
    public void Scatter(string path, string title, string xLabel, string yLabel, IReadOnlyList<string> classes,
                        IReadOnlyList<(double X, double Y)> points, IReadOnlyList<long> labels) =>
        ScatterPlot.Save(path, title, xLabel, yLabel, classes, points, labels);
}
