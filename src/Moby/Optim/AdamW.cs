using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Moby.Torch.Scalars;

namespace Moby.Optim;

/// <summary>
/// AdamW with PyTorch's update (decoupled decay p *= 1 - lr wd, then bias-corrected Adam), written out so
/// that its state is ours to checkpoint in PyTorch's layout (exp_avg, exp_avg_sq, step per parameter).
/// One scheduled learning rate, times each group's <see cref="ParameterGroup.LrScale"/> (layer-wise decay); weight decay per group.
/// </summary>
internal sealed class AdamW : IDisposable
{
    public IReadOnlyList<ParameterGroup> Groups { get; }
    public double LearningRate { get; set; }
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Eps { get; }
    /// <summary>Number of steps taken (PyTorch keeps one per parameter; all move together here).</summary>
    public long StepCount { get; set; }

    private readonly Dictionary<Parameter, (Tensor ExpAvg, Tensor ExpAvgSq)> state = new(ReferenceEqualityComparer.Instance);

    public AdamW(IReadOnlyList<ParameterGroup> groups, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        Groups = groups;
        LearningRate = learningRate;
        (Beta1, Beta2, Eps) = (beta1, beta2, eps);
        foreach (var group in groups)
            foreach (var (_, p) in group.Parameters)
                state[p] = (zeros_like(p).DetachFromDisposeScope(), zeros_like(p).DetachFromDisposeScope());
    }

    /// <summary>The moment estimates of a parameter (live tensors: writing into them changes the optimizer).</summary>
    public (Tensor ExpAvg, Tensor ExpAvgSq) State(Parameter p) => state[p];

    public void ZeroGrad()
    {
        foreach (var group in Groups)
            foreach (var (_, p) in group.Parameters)
                p.grad?.zero_();
    }

    public void Step()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        StepCount++;
        double biasCorrection1 = 1 - Math.Pow(Beta1, StepCount);
        using var beta1 = Of(Beta1);
        using var beta2 = Of(Beta2);
        using var oneMinusBeta1 = Of(1 - Beta1);
        using var oneMinusBeta2 = Of(1 - Beta2);
        using var biasCorrection2Sqrt = Of(Math.Sqrt(1 - Math.Pow(Beta2, StepCount)));
        using var eps = Of(Eps);
        foreach (var group in Groups)
        {
            double lr = LearningRate * group.LrScale;
            using var decay = Of(1 - lr * group.WeightDecay);
            using var minusStepSize = Of(-(lr / biasCorrection1));
            foreach (var (_, p) in group.Parameters)
            {
                var grad = p.grad;
                if (grad is null) continue;
                var (expAvg, expAvgSq) = state[p];
                if (group.WeightDecay != 0) p.mul_(decay);
                expAvg.mul_(beta1).add_(grad, oneMinusBeta1);
                expAvgSq.mul_(beta2).addcmul_(grad, grad, oneMinusBeta2);
                var denom = expAvgSq.sqrt().div_(biasCorrection2Sqrt).add_(eps, One);
                p.addcdiv_(expAvg, denom, minusStepSize);
            }
        }
    }

    public void Dispose()
    {
        foreach (var (expAvg, expAvgSq) in state.Values)
        {
            expAvg.Dispose();
            expAvgSq.Dispose();
        }
        state.Clear();
    }
}
