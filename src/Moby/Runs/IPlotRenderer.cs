namespace Moby.Runs;

/// <summary>
/// Draws the PNG plots of runs. The runs decide what to plot, from which numbers and into which file; a renderer only
/// draws, so that the library needs no plotting package: <c>PngPlots</c> of the Moby.NET.Reporting package draws with
/// ScottPlot, and a run given no renderer (null) writes no plots. A renderer writes each file atomically (a reader never
/// sees half an image) and may throw: the runs report a failure to draw and carry on.
/// </summary>
public interface IPlotRenderer
{
    /// <summary>A line chart of <paramref name="points"/>, in order.</summary>
    /// <param name="path">The PNG file to write (replaced if it exists).</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="xLabel">The horizontal axis' label.</param>
    /// <param name="yLabel">The vertical axis' label.</param>
    /// <param name="points">The line's points.</param>
    void Line(string path, string title, string xLabel, string yLabel, IReadOnlyList<(double X, double Y)> points);

    /// <summary>Several lines on one chart, each with its legend (a line without points is left out).</summary>
    /// <param name="path">The PNG file to write (replaced if it exists).</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="xLabel">The horizontal axis' label.</param>
    /// <param name="yLabel">The vertical axis' label.</param>
    /// <param name="series">Each line's legend and points, in order.</param>
    void Lines(string path, string title, string xLabel, string yLabel, IReadOnlyList<(string Legend, IReadOnlyList<(double X, double Y)> Points)> series);

    /// <summary>A confusion matrix as a heatmap with each cell's value written in it.</summary>
    /// <param name="path">The PNG file to write (replaced if it exists).</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="classes">The class names, in label order.</param>
    /// <param name="fractions">[true class, predicted class]: the share of the true class's images predicted as that class
    /// (each row sums to 1, or is 0 for a class without images).</param>
    void Confusion(string path, string title, IReadOnlyList<string> classes, double[,] fractions);

    /// <summary>A 2-D map of points, one colour per class, with a legend of the class names.</summary>
    /// <param name="path">The PNG file to write (replaced if it exists).</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="xLabel">The horizontal axis' label.</param>
    /// <param name="yLabel">The vertical axis' label.</param>
    /// <param name="classes">The class names, in label order.</param>
    /// <param name="points">The points.</param>
    /// <param name="labels">The class of each point (an index into <paramref name="classes"/>).</param>
    void Scatter(string path, string title, string xLabel, string yLabel, IReadOnlyList<string> classes,
                 IReadOnlyList<(double X, double Y)> points, IReadOnlyList<long> labels);
}
