using Moby.Distributed;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moby.Tests.Distributed;

/// <summary>Checks each collective on every rank of a real MPI world (run by <see cref="MpiWorker"/>); throws on a wrong result.</summary>
public static class Collectives
{
    public static void Check(ICommunicator world)
    {
        using var scope = NewDisposeScope();
        int r = world.Rank, n = world.Size;
        double rankSum = n * (n + 1) / 2.0; // sum over ranks of (rank + 1)

        foreach (var dtype in new[] { float32, float64, int64 })
        {
            var summed = full(5, r + 1, dtype: dtype);
            world.AllReduceSum(summed);
            Expect(summed.eq(rankSum).all().item<bool>(), $"all-reduce {dtype}");
        }

        var gathered = world.AllGather(full(2, 3, r, dtype: float32));
        Expect(gathered.shape.SequenceEqual(new long[] { 2 * n, 3 }), "all-gather shape");
        Expect(gathered.select(0, 2 * n - 1).eq(n - 1).all().item<bool>() && gathered.select(0, 1).eq(0).all().item<bool>(), "all-gather rank order");

        var broadcast = full(4, 10 + r, dtype: int64);
        world.Broadcast(broadcast);
        Expect(broadcast.eq(10).all().item<bool>(), "broadcast from rank 0");

        Expect(world.AnyRank(r == n - 1) && !world.AnyRank(false), "any-rank vote");

        // d/dx_r of sum_r' (r'+1) * sum(DistributedSum(x)) is sum_r' (r'+1) on every rank.
        var x = full(3, 1.0f, requires_grad: true);
        (DistributedSum.apply(x, world) * (r + 1)).sum().backward();
        Expect(x.grad!.eq(rankSum).all().item<bool>(), "DistributedSum backward");

        var p = new Parameter(zeros(7));
        p.grad = full(7, r + 1.0f);
        new GradientAllReduce(world, [p]).Average();
        Expect(p.grad!.eq(rankSum / n).all().item<bool>(), "gradient average");
    }

    private static void Expect(bool ok, string what)
    {
        if (!ok) throw new InvalidOperationException($"{what}: wrong result");
    }
}
