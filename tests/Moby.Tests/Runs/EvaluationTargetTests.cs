using Moby.Evaluation;
using Moby.Runs;
using Moby.Tests.Training;
using Moby.Training;
using Xunit;

namespace Moby.Tests.Runs;

public class EvaluationTargetTests
{
    [Fact]
    public void EvalTransformComesFromTheCheckpointUnlessTheCommandLineSaysOtherwise()
    {
        string output = MicroRun.TempDir();
        PretrainRun.Execute(MicroRun.Tree(output, "TRAIN.EPOCHS=1", "TRAIN.WARMUP_EPOCHS=0", "MOBYNET.KNN_EVERY=0", "MOBYNET.EVAL_CROP_RATIO=1.0"), new MicroRun.Silent());
        string checkpoint = Path.Combine(output, "micro", "default", PretrainCheckpoint.Latest);

        using (var stored = EvaluationTarget.Open(checkpoint, model: null, data: "mnist:/data/mnist", cropRatio: null))
        {
            Assert.Equal(1.0, stored.Transform.CropRatio); // the default would be 0.875
            Assert.Equal(16, stored.Transform.Size);
            Assert.Equal("mnist:/data/mnist", stored.Source.ToString());
        }
        using var overridden = EvaluationTarget.Open(checkpoint, model: null, data: "mnist:/data/mnist", cropRatio: 0.5);
        Assert.Equal(0.5, overridden.Transform.CropRatio);
    }
}
