using Moby.Nn;
using Moby.Ssl;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moby.Distributed;

/// <summary>
/// Makes the ranks of a world train one MoBY as one big batch, with the official DDP semantics: rank 0's
/// weights and buffers to every rank, SyncBatchNorm in the heads (and the BN-before-MLP backbone), the target
/// keys of all ranks gathered before the enqueue (identical queues), and gradients averaged after backward.
/// </summary>
public static class DataParallel
{
    /// <returns>The gradient averaging to run after backward and before clipping.</returns>
    public static GradientAllReduce Attach(MoBY model, ICommunicator world, IEnumerable<Parameter> trainable)
    {
        Broadcast(model, world);
        foreach (var norm in model.modules().OfType<SyncBatchNorm>()) norm.Communicator = world;
        model.GatherKeys = world.AllGather;
        return new GradientAllReduce(world, trainable);
    }

    /// <summary>Rank 0's parameters and buffers (queues, BN statistics, pointers) to every rank, once at the start.</summary>
    private static void Broadcast(MoBY model, ICommunicator world)
    {
        using var _ = no_grad();
        foreach (var tensor in model.state_dict().Values) world.Broadcast(tensor);
    }
}
