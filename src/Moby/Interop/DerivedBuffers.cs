using static TorchSharp.torch;

namespace Moby.Interop;

/// <summary>
/// Buffers a model computes from its configuration rather than learns: Swin's relative_position_index (the entry of the
/// bias table each pair of window positions reads). Checkpoints hold a copy (the official code saves it), so a loaded
/// copy must equal the model's own: a crafted one indexed past the table (LibTorch's bare "index out of range in self"
/// at the first forward pass) or silently gave the pairs other biases.
/// </summary>
internal static class DerivedBuffers
{
    private const string RelativePositionIndex = "relative_position_index";

    /// <summary>Refuses <paramref name="loaded"/> (of <paramref name="own"/>'s dtype and shape) for a derived buffer unless it equals the model's.</summary>
    public static void Check(string key, Tensor own, Tensor loaded, string? source)
    {
        if (!key.EndsWith(RelativePositionIndex, StringComparison.Ordinal)) return;
        using (var same = loaded.eq(own).all())
            if (same.item<bool>()) return;
        using var highest = own.max();
        throw new CheckpointFormatException(source ?? "(a state dict)",
            $"{ShownNames.One(key)} differs from the model's own: it is computed from the window size (values 0 to {highest.item<long>()}), not learned");
    }
}
