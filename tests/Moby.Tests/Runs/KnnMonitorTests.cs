using Moby.Config;
using Moby.Data;
using Moby.Ssl;
using Moby.Tests.Data;
using Moby.Runs;
using Moby.Tests.Training;
using Moby.Training;
using Xunit;

namespace Moby.Tests.Runs;

public class KnnMonitorTests
{
    [Fact]
    public void AFailingMeasurementIsReportedAndLeavesTheEncoderTraining()
    {
        using var model = new MoBY(ModelConfigs.MoBY(MicroRun.Tree(MicroRun.TempDir())));
        var messages = new MicroRun.Messages();
        var monitor = new KnnMonitor(model.Encoder, new FakeDataset(4, bad: [0, 1, 2, 3]), new FakeDataset(4), new EvalTransformOptions { Size = 16, CropRatio = 0.875 }, 1, messages);

        monitor.EpochEnded(new EpochMetrics(0, 6, 1.0, 1.0, 1.0, TimeSpan.Zero));

        Assert.Contains(messages.Lines, line => line.StartsWith("epoch 1: no online kNN measurement:") && line.Contains("fake0.png"));
        Assert.True(model.Encoder.training);
    }

    [Fact]
    public void ABadImageInTheBankIsWarnedAboutThroughTheObserver()
    {
        using var model = new MoBY(ModelConfigs.MoBY(MicroRun.Tree(MicroRun.TempDir())));
        var messages = new MicroRun.Messages();
        var monitor = new KnnMonitor(model.Encoder, new FakeDataset(4, bad: [1]), new FakeDataset(4), new EvalTransformOptions { Size = 16, CropRatio = 0.875 }, 1, messages);

        monitor.EpochEnded(new EpochMetrics(0, 6, 1.0, 1.0, 1.0, TimeSpan.Zero));

        Assert.Contains(messages.Lines, line => line.Contains("fake1.png") && line.Contains("replaced"));
        Assert.Contains(messages.Lines, line => line.Contains("online kNN top-1"));
    }
}
