using static TorchSharp.torch;
using static Moby.Torch.Scalars;

namespace Moby.Evaluation;

/// <summary>Principal component projection (eigenvectors of the feature covariance).</summary>
internal static class Pca
{
    /// <summary>The centred features [N, D] projected on their top <paramref name="components"/> principal axes: [N, components].</summary>
    public static Tensor Project(Tensor features, int components)
    {
        using var scope = NewDisposeScope();
        var x = features.to(float64);
        x = x - x.mean([0], keepdim: true);
        using var degreesOfFreedom = Of(x.shape[0] - 1);
        var covariance = x.t().matmul(x).div(degreesOfFreedom);
        var (_, vectors) = linalg.eigh(covariance); // ascending eigenvalues
        var top = vectors.narrow(1, vectors.shape[1] - components, components).flip(1);
        return x.matmul(top).to(float32).MoveToOuterDisposeScope();
    }
}
