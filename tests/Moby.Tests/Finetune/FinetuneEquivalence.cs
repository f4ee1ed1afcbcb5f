using Moby.Distributed;
using Moby.Runs;
using Moby.Tests.Distributed;
using Moby.Tests.Training;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Finetune;

/// <summary>
/// The tiny stripes fine-tuning run by every rank of a world (<c>mpirun ... finetune DATA DIR BATCH</c>), drop path 0 so that
/// no per-rank random mask decides it: 2 ranks of batch B must train as 1 rank of batch 2B. Adam's eps is raised to 1e-3
/// so that parameters with no gradient in exact arithmetic (the attention's key bias) are not moved by rounding noise.
/// </summary>
public static class FinetuneEquivalence
{
    public static void Train(ICommunicator world, string data, string output, int batchPerRank)
    {
        set_num_threads(1);
        var tree = StripeImages.Tree(data, output, "MODEL.DROP_PATH_RATE=0", $"DATA.BATCH_SIZE={batchPerRank}", "TRAIN.EPOCHS=2",
                                      "TRAIN.OPTIMIZER.EPS=1e-3");
        using var result = FinetuneRun.Execute(tree, new FinetuneRun.Start(null, StripeImages.Model), new MicroRun.Silent(), world: world).Model;
    }

    public static string Checkpoint(string output) => Path.Combine(output, "tiny", "all-scratch", "checkpoint.pth");
}

public class FinetuneDataParallelTests
{
    [MpiFact]
    public void TwoRanksOfBatchBFineTuneLikeOneRankOfBatch2B()
    {
        string data = StripeImages.Write(), two = MicroRun.TempDir(), one = MicroRun.TempDir();
        var (code, output) = MpiRun.Run(2, TimeSpan.FromMinutes(10), MpiRun.TestAssembly, "finetune", data, two, "4");
        Assert.True(code == 0, output);
        FinetuneEquivalence.Train(SingleProcess.Instance, data, one, 8);
        using var expected = Moby.Interop.CheckpointFile.Read(FinetuneEquivalence.Checkpoint(one));
        using var actual = Moby.Interop.CheckpointFile.Read(FinetuneEquivalence.Checkpoint(two));
        Assert.Equal(expected.State.Keys, actual.State.Keys);
        foreach (var (key, tensor) in expected.State)
            TensorAssert.RelativeClose(tensor, actual.State[key], 1e-4, key, absoluteFloor: 1e-5);
    }
}
