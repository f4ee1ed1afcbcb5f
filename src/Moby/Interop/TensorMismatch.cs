using TorchSharp;

namespace Moby.Interop;

/// <summary>A key present on both sides whose shape or dtype differs.</summary>
/// <param name="Key">The key.</param>
/// <param name="ExpectedShape">The module's shape.</param>
/// <param name="ExpectedType">The module's element type.</param>
/// <param name="ActualShape">The state dict's shape.</param>
/// <param name="ActualType">The state dict's element type.</param>
public sealed record TensorMismatch(string Key, long[] ExpectedShape, torch.ScalarType ExpectedType, long[] ActualShape, torch.ScalarType ActualType)
{
    /// <summary>The shapes differ (otherwise only the element type does).</summary>
    public bool ShapeDiffers => !ExpectedShape.SequenceEqual(ActualShape);

    /// <summary>The key with both shapes (or both types), as messages show it.</summary>
    public override string ToString() => ShapeDiffers
        ? $"{Key} expected {Format(ExpectedShape)} got {Format(ActualShape)}"
        : $"{Key} expected {ExpectedType} got {ActualType}";

    internal static string Format(long[] shape) => $"[{string.Join(", ", shape)}]";
}
