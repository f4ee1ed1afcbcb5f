using TorchSharp;

namespace Moby.Interop;

/// <summary>A key present on both sides whose shape or dtype differs.</summary>
public sealed record TensorMismatch(string Key, long[] ExpectedShape, torch.ScalarType ExpectedType, long[] ActualShape, torch.ScalarType ActualType)
{
    public bool ShapeDiffers => !ExpectedShape.SequenceEqual(ActualShape);

    public override string ToString() => ShapeDiffers
        ? $"{Key} expected {Format(ExpectedShape)} got {Format(ActualShape)}"
        : $"{Key} expected {ExpectedType} got {ActualType}";

    internal static string Format(long[] shape) => $"[{string.Join(", ", shape)}]";
}
