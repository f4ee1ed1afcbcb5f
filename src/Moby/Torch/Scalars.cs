using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Torch;

/// <summary>
/// Scalars that outlive the LibTorch call reading them.
/// <para>
/// TorchSharp's <see cref="Scalar"/> owns a native c10::Scalar and frees it in its finalizer. Once a call has handed
/// the pointer to LibTorch, managed code no longer refers to a temporary Scalar: an implicit conversion
/// (<c>x.mul(0.5)</c>, <c>x * 2</c>) or the alpha of 1 that TorchSharp itself makes inside <c>Tensor.add(Tensor)</c>,
/// <c>x + y</c>, <c>add_</c>, <c>square()</c> and <c>arange(stop)</c>. A garbage collection started by another thread
/// (the data loader's) can then finalize the Scalar while LibTorch still reads it, and training stops on a corrupted
/// scalar ("Unknown scalar type.", a failed check in Scalar::toLong) or worse, a few times in a million calls.
/// </para>
/// <para>
/// So every Scalar this library passes is rooted across its call: one of the process-lifetime constants below or a
/// class's own static readonly field, or one made by <see cref="Of(double)"/> / <see cref="Of(long)"/> and held by a
/// <c>using</c> declaration until after the call. The tests check the compiled library for any other
/// (<c>ScalarLifetimeTests</c>).
/// </para>
/// </summary>
internal static class Scalars
{
    /// <summary>Integer 1: the alpha TorchSharp passes for a plain add (<c>x.add(y, One)</c> is <c>x + y</c>).</summary>
    public static readonly Scalar One = 1L.ToScalar();

    /// <summary>Integer 0.</summary>
    public static readonly Scalar Zero = 0L.ToScalar();

    /// <summary>Integer 2 (<c>x.pow(Two)</c> is TorchSharp's <c>square()</c>).</summary>
    public static readonly Scalar Two = 2L.ToScalar();

    /// <summary>0.5 (a double; <c>Half</c> would clash with torch.Half).</summary>
    public static readonly Scalar PointFive = 0.5.ToScalar();

    /// <summary>A floating-point Scalar: a static readonly field, or for one call held by <c>using var</c> until it returns.</summary>
    public static Scalar Of(double value) => value.ToScalar();

    /// <summary>An integer Scalar (integer tensors stay integer): a static readonly field, or held by <c>using var</c>.</summary>
    public static Scalar Of(long value) => value.ToScalar();

    /// <summary><c>arange(start, stop)</c> with step 1 (TorchSharp's two-argument overload makes a temporary step).</summary>
    public static Tensor Arange(long start, long stop, ScalarType? dtype = null, Device? device = null)
    {
        using var first = Of(start);
        using var end = Of(stop);
        return arange(first, end, One, dtype: dtype, device: device);
    }

    /// <summary><c>arange(stop)</c>: 0 to stop - 1.</summary>
    public static Tensor Arange(long stop, ScalarType? dtype = null, Device? device = null) => Arange(0, stop, dtype, device);
}
