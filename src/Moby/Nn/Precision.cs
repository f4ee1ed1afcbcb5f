using static TorchSharp.torch;
using Moby.Interop;

namespace Moby.Nn;

/// <summary>
/// The dtype of matrix products (linear layers and attention) within a scope: <c>using (Precision.Use(ScalarType.BFloat16)) { ... }</c>,
/// the analogue of torch.autocast. TorchSharp has no autocast, so our Linear and attention modules cast by hand: with
/// bf16, inputs and weights are cast to bfloat16 for the product and the result back to float32, while parameters (the
/// master weights), the optimizer, LayerNorm, BatchNorm, softmax statistics of the loss and the loss itself stay float32.
/// Autograd carries the casts, so gradients reach the float32 weights. The scope belongs to the code that opened it (it
/// flows with the async context, as autocast is per thread): a run in bf16 leaves what follows it, and other threads, in float32.
/// </summary>
public static class Precision
{
    private static readonly AsyncLocal<ScalarType?> scoped = new();

    /// <summary>The innermost scope's dtype; float32 (exact) outside every scope.</summary>
    public static ScalarType MatmulType => scoped.Value ?? ScalarType.Float32;

    internal static bool Reduced => MatmulType != ScalarType.Float32;

    /// <summary>Matrix products in <paramref name="matmulType"/> until the returned scope is disposed (scopes nest).</summary>
    public static IDisposable Use(ScalarType matmulType)
    {
        return new AsyncScope<ScalarType?>(scoped, matmulType);
    }

    /// <summary>
    /// The matmul dtype a setting names: <c>fp32</c>, <c>bf16</c>, or <c>auto</c>, the fast choice for <paramref name="device"/>
    /// (null: the CPU): bf16 on a CPU with bf16 units (avx512_bf16 or AMX) and on a GPU, fp32 on other CPUs.
    /// </summary>
    public static ScalarType Parse(string name, Device? device = null)
    {
        if (IsAuto(name)) return Auto(device ?? CPU);
        return name.Trim().ToLowerInvariant() switch
        {
            "fp32" or "float32" => ScalarType.Float32,
            "bf16" or "bfloat16" => ScalarType.BFloat16,
            _ => throw new ArgumentException($"Unknown precision '{ShownNames.One(name)}'; use auto, fp32 or bf16."),
        };
    }

    /// <summary>Whether a setting leaves the choice to the device (so a resumed run may keep its checkpoint's precision).</summary>
    public static bool IsAuto(string name) => name.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase);

    /// <summary>The short name of a matmul dtype, as settings and checkpoints write it.</summary>
    public static string Name(ScalarType type) => type switch
    {
        ScalarType.BFloat16 => "bf16",
        ScalarType.Float32 => "fp32",
        _ => type.ToString(),
    };

    // GPUs that CUDA 12.8 supports run bf16 products natively since Ampere (untested here: no GPU).
    private static ScalarType Auto(Device device) =>
        !ComputeDevice.IsCpu(device) || Bf16Units.OnThisCpu ? ScalarType.BFloat16 : ScalarType.Float32;

    /// <summary>The tensor in the matmul dtype (an alias when it already is).</summary>
    internal static Tensor Cast(Tensor t) => t.dtype == MatmulType ? t.alias() : t.to(MatmulType);

    /// <summary>A product's result back in float32 (an alias when it already is).</summary>
    internal static Tensor Restore(Tensor t) => t.dtype == ScalarType.Float32 ? t.alias() : t.to(ScalarType.Float32);
}
