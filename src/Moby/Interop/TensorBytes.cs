using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Interop;

/// <summary>Raw access to the memory of a CPU tensor, so file I/O needs no intermediate byte[] copies.</summary>
static class TensorBytes
{
    /// <summary>The tensor's bytes; it must be a contiguous CPU tensor.</summary>
    public static Span<byte> Of(Tensor tensor) =>
        tensor.device_type == DeviceType.CPU && tensor.is_contiguous()
            ? tensor.bytes
            : throw new ArgumentException("Expected a contiguous CPU tensor.", nameof(tensor));

    /// <summary>
    /// A detached, contiguous CPU tensor starting at storage offset 0: the .pth format records the storage
    /// offset, and PyBridge writes only the tensor's own bytes, so a view at an offset must be copied.
    /// </summary>
    public static Tensor Standalone(Tensor tensor)
    {
        var plain = tensor.detach().cpu();
        if (!plain.is_contiguous()) return plain.contiguous();
        return plain.storage_offset() == 0 ? plain : plain.clone();
    }

    /// <summary>Bytes per element of the types checkpoints store, known before any tensor is made.</summary>
    public static long ElementSize(ScalarType type) => type switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        ScalarType.Int8 or ScalarType.Byte or ScalarType.Bool => 1,
        _ => throw new ArgumentException($"No element size known for {type}.", nameof(type)),
    };
}
