using Moby.Cli.Commands;
using Spectre.Console;
using Xunit;

namespace Moby.Tests.Cli;

/// <summary>Numeric options outside their range are refused before the command runs, naming the option, the range and the value.</summary>
public class OptionValidationTests
{
    public static TheoryData<CommonSettings, string> Refused => new()
    {
        { new PretrainCommand.Settings { Threads = -3 }, "--threads must be in [0, 1024], got -3." },
        { new PretrainCommand.Settings { Minutes = -5 }, "--minutes must be >= 0, got -5." },
        { new PretrainCommand.Settings { Epochs = 0 }, "--epochs must be in [1, 100000], got 0." },
        { new PretrainCommand.Settings { BatchSize = -1 }, "--batch-size must be in [1, 65536], got -1." },
        { new QuickstartCommand.Settings { Minutes = -1 }, "--minutes must be >= 0, got -1." },
        { new QuickstartCommand.Settings { Threads = -1 }, "--threads must be in [0, 1024], got -1." },
        { new EvaluationCommandSettings { Weights = "w.pth", K = 0 }, "--neighbours must be in [1, 100000], got 0." },
        { new EvaluationCommandSettings { Weights = "w.pth", Temperature = 0 }, "--temperature must be in (0, 100], got 0." },
        { new EvaluationCommandSettings { Weights = "w.pth", LinearEpochs = -1 }, "--linear-epochs must be in [1, 100000], got -1." },
        { new EvaluationCommandSettings { Weights = "w.pth", CropRatio = 1.5 }, "--crop-ratio must be in (0, 1], got 1.5." },
        { new EvaluationCommandSettings { Weights = "w.pth", HoldOut = 1 }, "--holdout must be in [0, 1), got 1." },
        { new EvaluationCommandSettings { Weights = "w.pth", Threads = -2 }, "--threads must be in [0, 1024], got -2." },
        { new LinearCommand.Settings { Weights = "w.pth", Epochs = 0 }, "--epochs must be in [1, 100000], got 0." },
        { new LinearCommand.Settings { Weights = "w.pth", BatchSize = 0 }, "--batch-size must be in [1, 65536], got 0." },
        { new FeaturesCommand.Settings { Weights = "w", Input = "i", BatchSize = 0 }, "--batch-size must be in [1, 65536], got 0." },
        { new FeaturesCommand.Settings { Weights = "w", Input = "i", Threads = -1 }, "--threads must be in [0, 1024], got -1." },
        { new BenchInferCommand.Settings { Batch = 0 }, "--batch must be in [1, 65536], got 0." },
        { new BenchInferCommand.Settings { Iterations = 0 }, "--iterations must be in [1, 10000], got 0." },
        { new BenchTrainCommand.Settings { Queue = -1 }, "--queue must be in [1, 1048576], got -1." },
        { new BenchTrainCommand.Settings { Img = 0 }, "--img must be in [1, 4096], got 0." },
        { new BenchDataCommand.Settings { Workers = "1,x" }, "--workers must be worker counts from 1 to 1024, comma separated, got '1,x'." },
        { new BenchDataCommand.Settings { Jpegs = 0 }, "--jpegs must be in [1, 100000], got 0." },
        { new MakeScenesCommand.Settings { Output = "o", Size = 8 }, "--size must be in [16, 1024], got 8." },
        { new MakeScenesCommand.Settings { Output = "o", Val = -1 }, "--val must be in [0, 1000000], got -1." },
        { new MakeScenesCommand.Settings(), "--output is required." },
        { new SegmentTrainCommand.Settings { Iters = 0 }, "--iters must be in [1, 10000000], got 0." },
        { new SegmentTrainCommand.Settings { Minutes = -1 }, "--minutes must be >= 0, got -1." },
        { new SegmentEvalCommand.Settings(), "--weights is required." },
        { new SegmentPredictCommand.Settings { Weights = "w" }, "--weights, --input and --output are required." },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void OutOfRangeOptionIsRefused(CommonSettings settings, string message)
    {
        var result = settings.Validate();
        Assert.False(result.Successful, settings.GetType().FullName);
        Assert.Equal(message, result.Message);
    }

    [Fact]
    public void DefaultsAreAccepted()
    {
        CommonSettings[] all =
        [
            new PretrainCommand.Settings(), new QuickstartCommand.Settings(), new EvaluationCommandSettings { Weights = "w.pth" },
            new LinearCommand.Settings { Weights = "w.pth" }, new FeaturesCommand.Settings { Weights = "w", Input = "i" },
            new BenchInferCommand.Settings(), new BenchTrainCommand.Settings(), new BenchDataCommand.Settings { Workers = "1,2" },
            new MakeScenesCommand.Settings { Output = "o" }, new SegmentTrainCommand.Settings(), new SegmentEvalCommand.Settings { Weights = "w" },
        ];
        foreach (var settings in all) Assert.True(settings.Validate().Successful, settings.GetType().FullName);
    }

    [Fact]
    public void RefusedOptionStopsTheCommandBeforeItRuns() => // without the check this benchmark runs (4 s) and exits 0
        Assert.NotEqual(0, Moby.Cli.MobyApp.Run(["bench", "data", "--threads", "-3", "--jpegs", "32", "--workers", "1"]));
}
