namespace Moby.Nn;

/// <summary>
/// Whether this CPU multiplies bfloat16 in hardware, as /proc/cpuinfo reports it: AVX-512 BF16 (<c>avx512_bf16</c>:
/// vdpbf16ps, AMD Zen 4 and later, Intel Cooper Lake) or AMX (<c>amx_bf16</c>: Intel Sapphire Rapids and later).
/// Elsewhere LibTorch converts bf16 operands to fp32 for every product, which is slower than fp32 itself, so the
/// automatic precision stays fp32 there.
/// </summary>
internal static class Bf16Units
{
    private static readonly Lazy<bool> onThisCpu = new(() => Reported("/proc/cpuinfo"));

    public static bool OnThisCpu => onThisCpu.Value;

    /// <summary>Whether the first processor's flags in a cpuinfo file name bf16 units (false when the file cannot be read).</summary>
    public static bool Reported(string cpuinfo)
    {
        try
        {
            var flags = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(':', 2) is [_, var list]
                ? list.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                : [];
            return flags.Contains("avx512_bf16") || flags.Contains("amx_bf16");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
