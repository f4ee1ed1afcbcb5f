using Moby.Distributed;
using Moby.Nn;
using Moby.Ssl;
using static TorchSharp.torch;

namespace Moby.Training;

/// <summary>
/// Makes the ranks of a world train one MoBY as one big batch, with the official DDP semantics: rank 0's
/// weights and buffers to every rank, SyncBatchNorm in the heads (and the BN-before-MLP backbone), the target
/// keys of all ranks gathered before the enqueue (identical queues), and gradients averaged after backward.
/// The run attaches it to the model before training (<see cref="Pretrainer"/> takes it); a model trained by one
/// process has none.
/// </summary>
internal sealed class DataParallel
{
    private readonly GradientAllReduce gradients;

    private DataParallel(ICommunicator world, GradientAllReduce gradients)
    {
        World = world;
        this.gradients = gradients;
    }

    /// <summary>The processes that train the model together.</summary>
    public ICommunicator World { get; }

    /// <summary>Rank 0's state to every rank; SyncBatchNorm and the key gathering across <paramref name="world"/>.</summary>
    public static DataParallel Attach(MoBY model, ICommunicator world)
    {
        var parallel = Attach(model, model.TrainableParameters().Select(p => p.Parameter), world);
        model.GatherKeys = world.AllGather;
        return parallel;
    }

    /// <summary>The same for any model (a classifier being fine-tuned): rank 0's state to every rank, SyncBatchNorm across
    /// <paramref name="world"/>, and the gradients of <paramref name="trainable"/> averaged.</summary>
    internal static DataParallel Attach(TorchSharp.torch.nn.Module model, IEnumerable<TorchSharp.Modules.Parameter> trainable, ICommunicator world)
    {
        Broadcast(model, world);
        foreach (var norm in model.modules().OfType<SyncBatchNorm>()) norm.Communicator = world;
        return new DataParallel(world, new GradientAllReduce(world, trainable));
    }

    /// <summary>The gradients averaged over the ranks: after backward, before clipping.</summary>
    public void AverageGradients() => gradients.Average();

    /// <summary>Rank 0's parameters and buffers (queues, BN statistics, pointers) to every rank, once at the start.</summary>
    private static void Broadcast(TorchSharp.torch.nn.Module model, ICommunicator world)
    {
        using var _ = no_grad();
        foreach (var tensor in model.state_dict().Values) world.Broadcast(tensor);
    }
}
