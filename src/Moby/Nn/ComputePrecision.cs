using static TorchSharp.torch;

namespace Moby.Nn;

/// <summary>
/// The dtype of matrix products (linear layers and attention), process-wide. TorchSharp has no autocast, so our
/// Linear and attention modules cast by hand: with bf16, inputs and weights are cast to bfloat16 for the product
/// and the result back to float32, while parameters (the master weights), the optimizer, LayerNorm, BatchNorm,
/// softmax statistics of the loss and the loss itself stay float32. Autograd carries the casts, so gradients
/// reach the float32 weights.
/// </summary>
public static class ComputePrecision
{
    /// <summary>float32 (exact; the default) or bfloat16.</summary>
    public static ScalarType MatmulType { get; set; } = ScalarType.Float32;

    public static bool Reduced => MatmulType != ScalarType.Float32;

    public static ScalarType Parse(string name) => name.ToLowerInvariant() switch
    {
        "fp32" or "float32" => ScalarType.Float32,
        "bf16" or "bfloat16" => ScalarType.BFloat16,
        _ => throw new ArgumentException($"Unknown precision '{name}'; use fp32 or bf16."),
    };

    /// <summary>The tensor in the matmul dtype (an alias when it already is).</summary>
    public static Tensor Cast(Tensor t) => t.dtype == MatmulType ? t.alias() : t.to(MatmulType);

    /// <summary>A product's result back in float32 (an alias when it already is).</summary>
    public static Tensor Restore(Tensor t) => t.dtype == ScalarType.Float32 ? t.alias() : t.to(ScalarType.Float32);
}
