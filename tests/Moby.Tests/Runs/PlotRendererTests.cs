using Moby.Evaluation;
using Moby.Interop;
using Moby.Runs;
using Moby.Tests.Api;
using Moby.Tests.Training;
using Xunit;

namespace Moby.Tests.Runs;

/// <summary>
/// The runs decide what to plot and hand it to an <see cref="IPlotRenderer"/> (the seam that keeps ScottPlot out of the
/// library); without a renderer they draw nothing.
/// </summary>
public class PlotRendererTests
{
    private sealed class Recorder : IPlotRenderer
    {
        public List<(string File, int Points)> Charts { get; } = [];
        public List<double[,]> Confusions { get; } = [];
        public List<(int Points, long[] Labels)> Scatters { get; } = [];

        public void Line(string path, string title, string xLabel, string yLabel, IReadOnlyList<(double X, double Y)> points) =>
            Charts.Add((Path.GetFileName(path), points.Count));

        public void Lines(string path, string title, string xLabel, string yLabel,
                          IReadOnlyList<(string Legend, IReadOnlyList<(double X, double Y)> Points)> series) =>
            Charts.Add((Path.GetFileName(path), series.Sum(s => s.Points.Count)));

        public void Confusion(string path, string title, IReadOnlyList<string> classes, double[,] fractions) => Confusions.Add(fractions);

        public void Scatter(string path, string title, string xLabel, string yLabel, IReadOnlyList<string> classes,
                            IReadOnlyList<(double X, double Y)> points, IReadOnlyList<long> labels) => Scatters.Add((points.Count, labels.ToArray()));
    }

    [Fact]
    public void APretrainingRunDrawsEverySeriesThroughItsRendererAndWithoutOneNoImage()
    {
        string plain = MicroRun.TempDir(), drawn = MicroRun.TempDir();
        PretrainRun.Execute(MicroRun.Tree(plain, "TRAIN.EPOCHS=1"), new MicroRun.Silent());
        Assert.Empty(Directory.GetFiles(MicroRun.RunDir(plain), "*.png"));

        var recorder = new Recorder();
        PretrainRun.Execute(MicroRun.Tree(drawn, "TRAIN.EPOCHS=1"), new MicroRun.Silent(), plots: recorder);
        // 24 synthetic images in batches of 4: 6 steps; drawn at the epoch's end and once more at the run's end.
        string[] series = ["loss.png", "lr.png", "momentum.png", "grad_norm.png", "collapse.png"];
        Assert.Equal(series.Concat(series), recorder.Charts.Select(l => l.File));
        Assert.All(recorder.Charts, l => Assert.Equal(6, l.Points));
    }

    [Fact]
    public void AShortSeriesKeepsEveryPointAndTheLatestValueOfARepeatedStep()
    {
        var series = new PlotSeries();
        foreach (var (step, value) in new[] { (0, 5.0), (1, 4.0), (2, 3.0), (1, 7.0), (3, 2.0) }) series.Add(step, step, value);
        Assert.Equal([(0.0, 5.0), (1.0, 7.0), (2.0, 3.0), (3.0, 2.0)], series.Points());
        var full = new PlotSeries();
        for (int step = 0; step < PlotSeries.MaxBuckets; step++) full.Add(step, step, step % 7);
        Assert.Equal(PlotSeries.MaxBuckets, full.Points().Count);
    }

    [Fact]
    public void ALongSeriesIsBoundedAndKeepsItsEndsAndExtremes()
    {
        var series = new PlotSeries();
        const int steps = 1_000_000;
        for (int step = 0; step < steps; step++) series.Add(step, step, step == 654_321 ? 1e6 : step == 123_457 ? -1e6 : Math.Sin(step));
        var points = series.Points();
        Assert.InRange(points.Count, PlotSeries.MaxBuckets, 4 * PlotSeries.MaxBuckets);
        Assert.True(series.Buckets <= PlotSeries.MaxBuckets);
        Assert.Equal((0.0, 0.0), points[0]);
        Assert.Equal(steps - 1, points[^1].X);
        Assert.Contains((654_321.0, 1e6), points);
        Assert.Contains((123_457.0, -1e6), points);
        Assert.Equal(points.OrderBy(p => p.X), points); // still in step order
    }

    [Fact]
    public void ThePlotsOfALongLogGetABoundedNumberOfPoints()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, Moby.Training.MetricsLog.FileName);
        const int steps = 30_000;
        using (var writer = new StreamWriter(path))
            for (int step = 0; step < steps; step++)
                writer.WriteLine($$"""{"type":"iter","epoch":0,"batch":{{step}},"step":{{step}},"loss":{{1.0 / (step + 1)}},"lr":0.001,"momentum":0.99,"grad_norm":1.5,"collapse_std":0.05}""");
        var recorder = new Recorder();
        var messages = new List<string>();
        new TrainingPlots(dir.Path, recorder, messages.Add).Refresh();
        Assert.Empty(messages);
        Assert.Equal(["loss.png", "lr.png", "momentum.png", "grad_norm.png", "collapse.png"], recorder.Charts.Select(c => c.File));
        Assert.All(recorder.Charts, c => Assert.InRange(c.Points, 2, 4 * PlotSeries.MaxBuckets));
    }

    [Fact]
    public void AnEvaluationDrawsTheConfusionMatrixAndTheEmbeddingMapOfTheCheckpointOnly()
    {
        string data = BackboneApiTests.BrightAndDark(), weights = Path.Combine(data, "backbone.safetensors");
        using (var backbone = MobyBackbone.Create("swin_micro_patch4_window8_32"))
            CheckpointFile.WriteSafetensors(weights, backbone.Module.state_dict());
        var recorder = new Recorder();
        EvaluationRun.Execute(weights, "swin_micro_patch4_window8_32", $"imagefolder:{data}", cropRatio: 1.0, output: null,
                              new EvaluationOptions { K = 3, Linear = false }, baselines: true, plots: recorder);
        var fractions = Assert.Single(recorder.Confusions); // not the baselines'
        Assert.Equal(1.0, fractions[0, 0]); // bright and dark are far apart even in a random network's features
        Assert.Equal(1.0, fractions[1, 1]);
        var (points, labels) = Assert.Single(recorder.Scatters);
        Assert.Equal(6, points);
        Assert.Equal([0L, 0, 0, 1, 1, 1], labels);
    }

    [Fact]
    public void ConfusionRowsAreTheSharesOfEachTrueClass()
    {
        var fractions = ConfusionMatrix.RowFractions(3, [0, 0, 0, 0, 1, 1], [0, 0, 0, 2, 1, 0]);
        Assert.Equal(new double[,] { { 0.75, 0, 0.25 }, { 0.5, 0.5, 0 }, { 0, 0, 0 } }, fractions);
    }
}
