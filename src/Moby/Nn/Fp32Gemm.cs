using System.Runtime.Intrinsics.X86;
using System.Text;
using Moby.Interop;

namespace Moby.Nn;

/// <summary>
/// Which library multiplies float32 matrices in the linear layers: OpenBLAS (<see cref="OpenBlas"/>) where it is
/// installed and LibTorch's MKL would take its slow path, i.e. on every CPU that is not Intel's; LibTorch otherwise.
/// <c>MOBYNET_FP32_GEMM=libtorch</c> or <c>openblas</c> in the environment overrides the choice for the process
/// (openblas still needs the library). bf16 products always go to LibTorch (oneDNN uses the hardware there).
/// </summary>
internal static class Fp32Gemm
{
    public const string Variable = "MOBYNET_FP32_GEMM";

    private static readonly AsyncLocal<bool?> scoped = new();
    private static readonly Lazy<bool> fromEnvironment = new(() => Choose(Environment.GetEnvironmentVariable(Variable), IsIntel()));

    /// <summary>Whether float32 linear layers run on OpenBLAS here (within the innermost scope, if any).</summary>
    public static bool OnOpenBlas => (scoped.Value ?? fromEnvironment.Value) && OpenBlas.Available;

    /// <summary>OpenBLAS on or off until the returned scope is disposed (tests compare both paths).</summary>
    public static IDisposable Use(bool openBlas) => new AsyncScope<bool?>(scoped, openBlas);

    /// <summary>Whether OpenBLAS multiplies linear layers' matrices of <paramref name="dtype"/> on <paramref name="device"/>.</summary>
    public static bool Multiplies(TorchSharp.torch.ScalarType dtype, TorchSharp.torch.Device device) =>
        dtype == TorchSharp.torch.ScalarType.Float32 && ComputeDevice.IsCpu(device) && OnOpenBlas;

    /// <summary>The library that multiplies linear layers' matrices of <paramref name="dtype"/> on <paramref name="device"/>, by name.</summary>
    public static string Library(TorchSharp.torch.ScalarType dtype, TorchSharp.torch.Device device) =>
        Multiplies(dtype, device) ? $"OpenBLAS ({OpenBlas.CoreName})" : "LibTorch";

    /// <summary>The choice a value of <see cref="Variable"/> makes (null or empty: auto) on an Intel CPU or another.</summary>
    public static bool Choose(string? setting, bool intelCpu) => (setting?.Trim().ToLowerInvariant() ?? "") switch
    {
        "" or "auto" => !intelCpu,
        "openblas" => true,
        "libtorch" => false,
        _ => throw new ArgumentException($"{Variable}='{ShownNames.One(setting ?? "")}': expected auto, openblas or libtorch."),
    };

    private static bool IsIntel()
    {
        if (!X86Base.IsSupported) return false;
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        Span<byte> vendor = stackalloc byte[12];
        BitConverter.TryWriteBytes(vendor, ebx);
        BitConverter.TryWriteBytes(vendor[4..], edx);
        BitConverter.TryWriteBytes(vendor[8..], ecx);
        return Encoding.ASCII.GetString(vendor) == "GenuineIntel";
    }
}
