using Moby.Data;
using Moby.Nn;
using Moby.Optim;
using Moby.Ssl;
using static TorchSharp.torch;
using static Moby.Torch.Scalars;

namespace Moby.Training;

/// <summary>
/// One MoBY optimizer step over one or more micro-batches, in the official order: zero grads; forward
/// (target momentum update, keys, loss, enqueue) and backward of each micro-batch, with the loss divided
/// by the micro-batch count so the gradient is the mean over them all (the official loop only scaled the
/// LR); average the gradients over the processes (<paramref name="averageGradients"/>, data parallelism) so the
/// clipped norm is the global one; clip the total gradient norm; AdamW step. The target moves once per optimizer step.
/// </summary>
internal sealed class PretrainStep(MoBY model, AdamW optimizer, double clipGrad, Action? averageGradients = null)
{
    private readonly List<TorchSharp.Modules.Parameter> trainable = model.TrainableParameters().Select(p => p.Parameter).ToList();

    /// <summary>Called as each phase of a step ends (for the profiler); the model reports its forward phases the same way.</summary>
    public Action<string>? PhaseEnded { get; set; }

    public StepResult Run(IReadOnlyList<TwoViewBatch> microBatches, double lr, double momentum)
    {
        optimizer.LearningRate = lr;
        optimizer.ZeroGrad();
        PhaseEnded?.Invoke("zero grad");
        double loss = 0, collapse = 0;
        for (int i = 0; i < microBatches.Count; i++)
        {
            using var scope = NewDisposeScope();
            using var output = model.Forward(microBatches[i].View1, microBatches[i].View2, i == 0 ? momentum : null);
            using var count = Of(microBatches.Count);
            (microBatches.Count == 1 ? output.Loss : output.Loss.div(count)).backward();
            PhaseEnded?.Invoke("backward");
            loss += output.Loss.item<float>() / microBatches.Count;
            collapse += CollapseStd(output.Projection) / microBatches.Count;
            PhaseEnded?.Invoke("metrics");
        }
        averageGradients?.Invoke();
        double gradNorm = clipGrad > 0 ? nn.utils.clip_grad_norm_(trainable, clipGrad) : TotalNorm();
        PhaseEnded?.Invoke("gradient clipping");
        optimizer.Step();
        NativeHeap.CollectStepGarbage();
        PhaseEnded?.Invoke("AdamW step");
        return new StepResult(loss, gradNorm, collapse);
    }

    /// <summary>
    /// Mean per-dimension standard deviation of the L2-normalised projections: about 1/sqrt(d) for a healthy
    /// representation, falling to 0 when every image maps to the same point (collapse).
    /// </summary>
    public static double CollapseStd(Tensor projection)
    {
        using var scope = NewDisposeScope();
        return nn.functional.normalize(projection, dim: 1).std(0).mean().item<float>();
    }

    private double TotalNorm()
    {
        using var scope = NewDisposeScope();
        return stack(trainable.Where(p => p.grad is not null).Select(p => p.grad!.norm()).ToArray()).norm().item<float>();
    }
}
