using Moby.Backbones;
using Moby.Backbones.Swin;
using Moby.Backbones.Vit;
using Moby.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Moby.Torch.Scalars;

namespace Moby.Ssl;

/// <summary>
/// MoBY (Xie et al. 2021): an online encoder + projector + predictor learns to match a momentum target
/// encoder + projector across two views, contrasting against queues of past target keys. Module and buffer
/// names are the official ones, so <c>state_dict()</c> is an official MoBY checkpoint's <c>model</c>.
/// </summary>
internal sealed class MoBY : nn.Module
{
    private readonly Backbone encoder;
    private readonly Backbone encoder_k;
    private readonly MoBYMLP projector;
    private readonly MoBYMLP projector_k;
    private readonly MoBYMLP predictor;
    private readonly Tensor queue1;
    private readonly Tensor queue2;
    private readonly Tensor queue_ptr;
    private readonly MomentumPair targetEncoder;
    private readonly MomentumPair targetProjector;

    public MoBYConfig Config { get; }
    public Backbone Encoder => encoder;

    /// <summary>Called as each phase of <see cref="Forward"/> ends (for the profiler); null costs nothing.</summary>
    public Action<string>? PhaseEnded { get; set; }

    /// <summary>Hook for data parallelism: concatenates the keys of every process (identity in one process).</summary>
    public Func<Tensor, Tensor> GatherKeys { get; set; } = keys => keys.alias();

    /// <param name="device">Where the model trains (null: the CPU). It is built on the CPU, so a seed gives the same initial
    /// weights everywhere, then moved, before the momentum pairs take their parameters (moving replaces them).</param>
    public MoBY(MoBYConfig config, Device? device = null) : base(nameof(MoBY))
    {
        Config = config;
        encoder = config.Encoder.WithDropPath(config.OnlineDropPath).Create();
        encoder_k = config.Encoder.WithDropPath(config.TargetDropPath).Create();
        projector = new MoBYMLP(encoder.NumFeatures, config.InnerDim, config.OutDim, config.ProjNumLayers);
        projector_k = new MoBYMLP(encoder.NumFeatures, config.InnerDim, config.OutDim, config.ProjNumLayers);
        predictor = new MoBYMLP(config.OutDim, config.InnerDim, config.OutDim, config.PredNumLayers);
        queue1 = nn.functional.normalize(randn(config.OutDim, config.QueueSize), dim: 0);
        queue2 = nn.functional.normalize(randn(config.OutDim, config.QueueSize), dim: 0);
        queue_ptr = zeros(1, dtype: int64);
        RegisterComponents();
        if (device is not null && !ComputeDevice.IsCpu(device)) this.to(device);
        targetEncoder = new MomentumPair(encoder, encoder_k);
        targetProjector = new MomentumPair(projector, projector_k);
    }

    /// <summary>
    /// One MoBY forward in the official order: online queries for both views; momentum update of the target
    /// (before its forward); target keys (no grad); loss = C(q1, k2, queue2) + C(q2, k1, queue1); then both
    /// key sets are enqueued. <paramref name="momentum"/> is m for this iteration (see <see cref="MomentumSchedule"/>);
    /// null leaves the target as it is (later micro-batches of an accumulated step).
    /// The two views go through each network as one stacked batch (<see cref="BatchGroups"/>): every BatchNorm (the
    /// heads', the convolutional stem's) still normalises each view alone as the official code does, so the result is
    /// the official one, in half the kernel calls; only drop path draws its per-sample masks in another order.
    /// </summary>
    public MoBYOutput Forward(Tensor view1, Tensor view2, double? momentum)
    {
        if (!view1.shape.SequenceEqual(view2.shape))
            throw new ArgumentException($"MoBY's two views must have one shape, got [{string.Join(", ", view1.shape)}] and [{string.Join(", ", view2.shape)}].");
        using var views = cat([view1, view2], 0);
        using var groups = BatchGroups.Split(2);
        using var z = Project(views);
        using var q = Predict(z);
        PhaseEnded?.Invoke("online forward");
        if (momentum is double m)
        {
            targetEncoder.Update(m);
            targetProjector.Update(m);
        }
        PhaseEnded?.Invoke("momentum update");
        using var k = Key(views);
        PhaseEnded?.Invoke("target forward");
        var (q1, q2) = Halves(q);
        var (k1, k2) = Halves(k);
        using (q1) using (q2) using (k1) using (k2)
        {
            using var loss1 = ContrastiveLoss.Compute(q1, k2, queue2, Config.Temperature);
            using var loss2 = ContrastiveLoss.Compute(q2, k1, queue1, Config.Temperature);
            var loss = loss1.add(loss2, One);
            PhaseEnded?.Invoke("contrastive loss");
            Enqueue(k1, k2);
            PhaseEnded?.Invoke("enqueue");
            using var z1 = z.narrow(0, 0, view1.shape[0]);
            return new MoBYOutput(loss, z1.detach());
        }
    }

    /// <summary>The first and second view's rows of a stacked result.</summary>
    private static (Tensor First, Tensor Second) Halves(Tensor stacked)
    {
        long half = stacked.shape[0] / 2;
        return (stacked.narrow(0, 0, half), stacked.narrow(0, half, half));
    }

    private Tensor Project(Tensor view)
    {
        using var features = encoder.call(view);
        return projector.call(features);
    }

    private Tensor Predict(Tensor projection)
    {
        using var predicted = predictor.call(projection);
        return nn.functional.normalize(predicted, dim: 1);
    }

    private Tensor Key(Tensor view)
    {
        using var _ = no_grad();
        using var features = encoder_k.call(view);
        using var projection = projector_k.call(features);
        return nn.functional.normalize(projection, dim: 1);
    }

    /// <summary>Writes the (gathered) keys at the shared pointer, wrapping around the queue, so K need not divide the batch.</summary>
    private void Enqueue(Tensor k1, Tensor k2)
    {
        using var _ = no_grad();
        using var all1 = GatherKeys(k1);
        using var all2 = GatherKeys(k2);
        long batch = all1.shape[0], size = Config.QueueSize, pointer = queue_ptr.item<long>();
        long kept = Math.Min(batch, size);
        using var queueSize = Of(size);
        using var slots = Arange(pointer + batch - kept, pointer + batch, int64, queue1.device).remainder_(queueSize);
        using var keys1 = all1.narrow(0, batch - kept, kept).t();
        using var keys2 = all2.narrow(0, batch - kept, kept).t();
        queue1.index_copy_(1, slots, keys1);
        queue2.index_copy_(1, slots, keys2);
        using var next = Of((pointer + batch) % size);
        queue_ptr.fill_(next);
    }

    /// <summary>Online parameters that the optimizer trains (encoder, projector, predictor), with their names.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> TrainableParameters() =>
        named_parameters().Where(p => p.parameter.requires_grad).Select(p => (p.name, p.parameter));
}
