using Moby.Backbones.Swin;
using Moby.Interop;
using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Segmentation;

/// <summary>
/// A pre-trained Swin (a classifier backbone, as <c>BackboneLoader</c> reads any checkpoint) into a
/// <see cref="SwinPyramid"/> for dense tasks. Each stage keeps the window it was trained with unless asked otherwise
/// (our 32 px recipe trained windows 8 / 4 / 2: the classifier clips the window to each stage's grid), so nothing needs
/// interpolating; a relative position bias table of another window is resized bicubically, as the official loader does.
/// The per-stage norms are new; the classifier's final norm and its shift masks are not used.
/// </summary>
internal static class PyramidTransfer
{
    /// <summary>The padded configuration of a pre-trained one: its windows per stage, or <paramref name="windows"/>.</summary>
    public static SwinConfig Config(SwinConfig pretrained, int[]? windows, double dropPath) => pretrained with
    {
        Padded = true, DropPathRate = dropPath, FixedPatchEmbed = false,
        StageWindows = windows ?? Enumerable.Range(0, pretrained.NumLayers).Select(pretrained.StageWindow).ToArray(),
    };

    /// <summary>Copies every weight of <paramref name="source"/> (a classifier backbone's state dict) that the pyramid has.</summary>
    public static void Load(SwinPyramid pyramid, IReadOnlyDictionary<string, Tensor> source, string sourceName)
    {
        var target = pyramid.state_dict();
        var missing = target.Keys.Where(k => !IsNew(k) && !source.ContainsKey(k)).ToList();
        var mismatched = target.Where(p => source.TryGetValue(p.Key, out var s) && !Fits(p.Key, p.Value, s))
            .Select(p => new TensorMismatch(p.Key, p.Value.shape, p.Value.dtype, source[p.Key].shape, source[p.Key].dtype)).ToList();
        if (missing.Count > 0 || mismatched.Count > 0)
            throw new CheckpointMismatchException(new LoadResult(missing, [], mismatched, 0), sourceName, "the pyramid backbone needs the pre-trained Swin's stages");
        using var _ = no_grad();
        foreach (var (key, destination) in target.Where(p => !IsNew(p.Key)))
        {
            var value = source[key];
            if (value.shape.SequenceEqual(destination.shape)) destination.copy_(value);
            else
            {
                using var resized = BiasTableResize.To(value, destination.shape[0]);
                destination.copy_(resized);
            }
        }
    }

    /// <summary>The per-stage norms (new) and the relative position indices (fixed by the window).</summary>
    private static bool IsNew(string key) =>
        key.EndsWith("relative_position_index", StringComparison.Ordinal) || key.StartsWith("norm", StringComparison.Ordinal);

    private static bool Fits(string key, Tensor target, Tensor source) => IsNew(key) || target.dtype == source.dtype &&
        (target.shape.SequenceEqual(source.shape) || key.EndsWith("relative_position_bias_table", StringComparison.Ordinal) && target.shape[1] == source.shape[1]);
}
