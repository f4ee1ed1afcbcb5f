using Moby.Backbones.Swin;
using Moby.Config;
using Moby.Runs;
using Moby.Ssl;
using Moby.Training;
using Xunit;

namespace Moby.Tests.Training;

/// <summary>The message of a diverged run tells the truth about checkpoints and names the settings to change.</summary>
public class DivergenceTests
{
    [Fact]
    public void DivergenceBeforeAnyCheckpointSaysThereIsNothingToResume()
    {
        string output = MicroRun.TempDir();
        var error = Assert.Throws<TrainingDivergedException>(() =>
            PretrainRun.Execute(MicroRun.Tree(output, "TRAIN.BASE_LR=1e30", "TRAIN.WARMUP_EPOCHS=0"), new MicroRun.Silent()));
        Assert.Contains("No checkpoint was written", error.Message);
        Assert.DoesNotContain("is kept", error.Message);
        Assert.Contains("TRAIN.BASE_LR is 1E+30", error.Message);
        Assert.Empty(Directory.GetFiles(output, "*.pth", SearchOption.AllDirectories));
    }

    [Fact]
    public void DivergenceAfterACheckpointNamesIt()
    {
        string output = MicroRun.TempDir();
        PretrainRun.Execute(MicroRun.Tree(output, "TRAIN.EPOCHS=1"), new MicroRun.Silent());
        var error = Assert.Throws<TrainingDivergedException>(() =>
            PretrainRun.Execute(MicroRun.Tree(output, "TRAIN.EPOCHS=2", "TRAIN.BASE_LR=1e30", "TRAIN.WARMUP_EPOCHS=0"), new MicroRun.Silent()));
        string latest = Path.Combine(output, "micro", "default", PretrainCheckpoint.Latest);
        Assert.Contains($"The last good checkpoint, {latest}, is kept", error.Message);
        Assert.Contains($"--resume {latest}", error.Message);
        Assert.True(File.Exists(latest));
    }

    private static readonly MoBYConfig Official = ModelConfigs.MoBYDefaults(new SwinConfig());
    private static readonly TrainingSettings Recipe = TrainingRecipe.Defaults;

    [Fact]
    public void LowTemperatureIsNamedAsTheCause()
    {
        string message = DivergenceAdvice.Message(double.NaN, new RunPosition(0, 3, 3), null, Recipe, Official with { Temperature = 0.001 }, 1e-3);
        Assert.Contains("MODEL.MOBY.CONTRAST_TEMPERATURE is 0.001, very low (official 0.2): raise it", message);
        Assert.DoesNotContain("TRAIN.BASE_LR", message);
    }

    [Fact]
    public void MissingWarmupAndClippingAreNamed()
    {
        string message = DivergenceAdvice.Message(double.PositiveInfinity, new RunPosition(1, 0, 9), "c.pth", Recipe with { WarmupEpochs = 0, ClipGrad = 0 }, Official, 1e-3);
        Assert.Contains("The loss became ∞ at epoch 1, step 9", message.Replace("Infinity", "∞"));
        Assert.Contains("TRAIN.WARMUP_EPOCHS is 0", message);
        Assert.Contains("TRAIN.CLIP_GRAD is 0", message);
    }

    [Fact]
    public void WithoutASuspectTheAdviceIsTheLearningRateAndWarmup()
    {
        string message = DivergenceAdvice.Message(double.NaN, new RunPosition(0, 1, 1), null, Recipe, Official, 1e-3);
        Assert.Contains("Try a lower TRAIN.BASE_LR (now 0.0005) or more TRAIN.WARMUP_EPOCHS (now 20).", message);
    }
}
