using Moby.Distributed;
using Moby.Interop;
using Moby.Tests.Training;
using Xunit;

namespace Moby.Tests.Distributed;

public class DataParallelTests
{
    private static readonly TimeSpan Minutes = TimeSpan.FromMinutes(3);

    [Fact]
    public void WithoutMpirunTheWorldIsOneProcessAndNoMpiIsLoaded()
    {
        Assert.Null(Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE"));
        var world = World.Join();
        Assert.Same(SingleProcess.Instance, world);
        Assert.Equal((0, 1), (world.Rank, world.Size));
        Assert.DoesNotContain(System.Diagnostics.Process.GetCurrentProcess().Modules.Cast<System.Diagnostics.ProcessModule>(),
                              m => m.ModuleName.StartsWith("libmpi", StringComparison.Ordinal));
    }

    /// <summary>The queues, the queue pointer and the BatchNorm buffers (running statistics, batch counters).</summary>
    private static bool IsStatistic(string key) => key.StartsWith("queue", StringComparison.Ordinal) || key.Contains("running_") || key.EndsWith("num_batches_tracked", StringComparison.Ordinal);

    private static TorchSharp.torch.Tensor Flat(IReadOnlyDictionary<string, TorchSharp.torch.Tensor> state, IEnumerable<string> keys) =>
        TorchSharp.torch.cat(keys.Select(k => state[k].reshape(-1)).ToList(), 0);

    [MpiFact]
    public void CollectivesGiveTheExpectedResultsOnTwoRanks()
    {
        var (code, output) = MpiRun.Run(2, Minutes, MpiRun.TestAssembly, "collectives");
        Assert.True(code == 0, output);
    }

    /// <summary>
    /// The DDP contract: 2 ranks x batch B end with the weights, queues and BN statistics of 1 rank x batch 2B on the same
    /// global data. Equal BN running statistics prove SyncBatchNorm; equal queues prove the key gather; equal weights the
    /// initial broadcast, the gradient average and the learning-rate scaling.
    /// </summary>
    [MpiFact]
    public void TwoRanksOfBatchBTrainLikeOneRankOfBatch2B() => AssertTwoRanksTrainLikeOne([]);

    /// <summary>The same over Open MPI's TCP transport alone, which separate machines use (here on loopback).</summary>
    [MpiFact]
    public void TwoRanksOverTcpOnlyTrainLikeOneRank() => AssertTwoRanksTrainLikeOne(MpiRun.TcpOnly);

    private static void AssertTwoRanksTrainLikeOne(string[] mpirunOptions)
    {
        string two = MicroRun.TempDir(), one = MicroRun.TempDir();
        var (code, output) = MpiRun.Run(mpirunOptions, 2, Minutes, MpiRun.TestAssembly, "equivalence", two, "4");
        Assert.True(code == 0, output);
        EquivalenceRun.Train(SingleProcess.Instance, 8, one);

        using var expected = CheckpointFile.Read(EquivalenceRun.StatePath(one, 0));
        foreach (int rank in new[] { 0, 1 })
        {
            using var actual = CheckpointFile.Read(EquivalenceRun.StatePath(two, rank));
            Assert.Equal(expected.State.Keys.Order(), actual.State.Keys.Order());
            foreach (var (key, tensor) in expected.State.Where(s => IsStatistic(s.Key)))
                TensorAssert.RelativeClose(tensor, actual.State[key], 1e-5, $"rank {rank} {key}");
            var weights = expected.State.Keys.Where(k => !IsStatistic(k)).Order().ToList();
            // Parameters that get no gradient in exact arithmetic (linear biases before a BN, the attention's key bias)
            // move only by the optimizer's answer to rounding noise: all weights together are held to 1e-5, each to a floor.
            TensorAssert.RelativeClose(Flat(expected.State, weights), Flat(actual.State, weights), 1e-5, $"rank {rank} all weights");
            foreach (var key in weights)
                TensorAssert.RelativeClose(expected.State[key], actual.State[key], 1e-5, $"rank {rank} {key}", absoluteFloor: 1e-5);
        }
        Assert.Contains("queue1", expected.State.Keys);
        Assert.Contains(expected.State.Keys, k => k.EndsWith("running_var", StringComparison.Ordinal));
    }

    /// <summary>
    /// Exact resume with 2 ranks, as with one: stopped mid-epoch (rank 0 writes the checkpoint) and resumed by a new
    /// launch, the run ends with the weights, queues and statistics of an uninterrupted one, bit for bit. Drop path is
    /// on, so rank 1's random masks after the resume (which no checkpoint of rank 0 holds) decide it too.
    /// </summary>
    [MpiFact]
    public void TwoRanksStoppedAndResumedEndBitIdenticalToAnUninterruptedRun()
    {
        string straight = MicroRun.TempDir(), resumed = MicroRun.TempDir();
        var (code, output) = MpiRun.Run(2, Minutes, MpiRun.TestAssembly, "pretrain", straight, "0", resumed, "8");
        Assert.True(code == 0, output);
        using (var stopped = CheckpointFile.Read(MicroRun.Latest(resumed)))
            Assert.Equal(0, stopped.Epoch); // stopped within the second of 2 epochs of 6 steps
        (code, output) = MpiRun.Run(2, Minutes, MpiRun.TestAssembly, "pretrain", resumed, "0");
        Assert.True(code == 0, output);
        MicroRun.AssertSameFinalState(straight, resumed);
    }
}
