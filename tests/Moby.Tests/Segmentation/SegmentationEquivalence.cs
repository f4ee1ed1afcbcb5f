using Moby.Distributed;
using Moby.Interop;
using Moby.Runs;
using Moby.Segmentation;
using Moby.Tests.Distributed;
using Moby.Tests.Training;
using Moby.Training;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Segmentation;

/// <summary>
/// The tiny UPerNet run by every rank of a world (<c>mpirun ... segment SCENES DIR BATCH</c>): 2 ranks of batch B must
/// train as 1 rank of batch 2B, the heads' BatchNorm included (SyncBN: normalised with the global batch's statistics,
/// running statistics of the global batch). Dropout and drop path are 0, since their masks come from per-rank seeds;
/// float32 products (MOBYNET.PRECISION=fp32) so that the comparison does not depend on the CPU; Adam's eps is raised to
/// 1e-3 so that parameters with no gradient in exact arithmetic are not moved by rounding noise.
/// </summary>
public static class SegmentationEquivalence
{
    public const int Iterations = 4;

    public static void Train(ICommunicator world, string scenes, string output, int batchPerRank)
    {
        set_num_threads(1);
        var tree = TinyScenes.Tree(scenes, output, "parallel", Iterations, "MOBYNET.SEG.DROPOUT=0", "MOBYNET.SEG.DROP_PATH_RATE=0",
                                   $"MOBYNET.SEG.BATCH_SIZE={batchPerRank}", "MOBYNET.PRECISION=fp32", "TRAIN.OPTIMIZER.EPS=1e-3",
                                   "MOBYNET.SEG.PREDICTIONS=0", "MOBYNET.SEG.EVAL_EVERY=100");
        SegmentationRun.Train(tree, weights: null, fromScratch: true, new Observers(), world: world);
    }

    public static string Checkpoint(string output) => Path.Combine(output, "segment", "parallel", PyramidCheckpoint.Latest);
}

public class SegmentationDataParallelTests
{
    [MpiFact]
    public void TwoRanksOfBatchBTrainLikeOneRankOfBatch2B()
    {
        using var dir = new TempDir();
        string scenes = TinyScenes.Write(dir, train: 16), two = dir.File("two"), one = dir.File("one");
        var (code, output) = MpiRun.Run(2, TimeSpan.FromMinutes(10), MpiRun.TestAssembly, "segment", scenes, two, "4");
        Assert.True(code == 0, output);
        SegmentationEquivalence.Train(SingleProcess.Instance, scenes, one, 8);
        using var expected = CheckpointFile.Read(SegmentationEquivalence.Checkpoint(one));
        using var actual = CheckpointFile.Read(SegmentationEquivalence.Checkpoint(two));
        Assert.Equal(expected.State.Keys, actual.State.Keys);
        Assert.Contains("decode_head.fpn_bottleneck.bn.running_var", expected.State.Keys);
        foreach (var (key, tensor) in expected.State)
            TensorAssert.RelativeClose(tensor, actual.State[key], 1e-4, key, absoluteFloor: 1e-5);
        Assert.Equal(SegmentationEquivalence.Iterations, Convert.ToInt64(((IReadOnlyDictionary<string, object?>)actual.Extra["mobynet"]!)["step"]));
    }

    /// <summary>The loader of each of 2 ranks reads its own half of every global batch: together the batch of one process of twice the batch.</summary>
    [Fact]
    public void RanksShareEachGlobalBatch()
    {
        using var dir = new TempDir();
        string scenes = TinyScenes.Write(dir, train: 16);
        List<int[]> Indices(int batch, int rank, int size) =>
            TinyScenes.Loader(scenes, batch, rank, size).Epoch(1).Select(b => { using (b) return b.Indices; }).ToList();
        var whole = Indices(8, 0, 1);
        var (first, second) = (Indices(4, 0, 2), Indices(4, 1, 2));
        Assert.Equal(2, whole.Count);
        for (int j = 0; j < whole.Count; j++)
            Assert.Equal(whole[j].Order(), first[j].Concat(second[j]).Order());
    }
}
