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
