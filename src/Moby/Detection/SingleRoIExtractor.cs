using Moby.Torch;
using TorchSharp;
using static Moby.Torch.Scalars;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// mmdet's SingleRoIExtractor: each RoI is pooled (<see cref="RoIAlign"/>, sampling ratio 0, aligned) from one pyramid
/// level chosen by its scale s = sqrt(w h): level floor(log2(s / finest_scale + 1e-6)), clamped to the levels there are
/// (mmdet's finest_scale 56: below 112 px the finest level, 112 to 224 the next, ...). Reads the backbone's levels only
/// (mmdet's featmap_strides [4, 8, 16, 32]), not the FPN's pooled extra ones.
/// </summary>
internal sealed class SingleRoIExtractor
{
    /// <summary>mmdet's 1e-6 added to log2's argument.</summary>
    private static readonly Scalar Eps = Scalars.Of(1e-6);

    private readonly RoIAlign[] layers;

    public SingleRoIExtractor(int outputSize, IReadOnlyList<int> strides, double finestScale)
    {
        if (!(finestScale > 0)) throw new ArgumentException($"The RoI extractor's finest scale must be positive, got {finestScale}.");
        layers = strides.Select(s => new RoIAlign(outputSize, 1.0 / s, samplingRatio: 0, aligned: true)).ToArray();
        FinestScale = finestScale;
    }

    public double FinestScale { get; }
    public int NumInputs => layers.Length;
    public int OutputSize => layers[0].OutputSize;

    /// <summary>The level of each RoI [K, 5] (mmdet's map_roi_levels).</summary>
    public Tensor MapRoiLevels(Tensor rois)
    {
        using var scope = NewDisposeScope();
        var scale = ((rois[.., 3] - rois[.., 1]) * (rois[.., 4] - rois[.., 2])).sqrt();
        using var finestScale = Scalars.Of(FinestScale);
        using var lastLevel = Scalars.Of(layers.Length - 1);
        var levels = scale.div(finestScale).add(Eps, alpha: One).log2().floor().clamp(Zero, lastLevel).to(ScalarType.Int64);
        return levels.MoveToOuterDisposeScope();
    }

    /// <summary>RoI features [K, C, P, P] from the first <see cref="NumInputs"/> maps of <paramref name="features"/>.</summary>
    public Tensor Forward(IReadOnlyList<Tensor> features, Tensor rois)
    {
        if (features.Count < layers.Length) throw new ArgumentException($"The RoI extractor reads {layers.Length} levels, got {features.Count}.");
        using var scope = NewDisposeScope();
        long channels = features[0].shape[1];
        if (rois.shape[0] == 0) return zeros([0, channels, OutputSize, OutputSize], features[0].dtype, features[0].device).MoveToOuterDisposeScope();
        var levels = MapRoiLevels(rois);
        var output = zeros([rois.shape[0], channels, OutputSize, OutputSize], features[0].dtype, features[0].device);
        for (int level = 0; level < layers.Length; level++)
        {
            using var levelIndex = Scalars.Of(level);
            var inds = (levels == levelIndex).nonzero().view(-1);
            if (inds.shape[0] == 0) continue;
            output = output.index_copy(0, inds, layers[level].Forward(features[level], rois.index_select(0, inds)));
        }
        return output.MoveToOuterDisposeScope();
    }
}
