namespace Moby.Interop;

/// <summary>What a <see cref="StateDictLoader.Load"/> call found and copied.</summary>
/// <param name="Missing">Keys the module has and the state dict lacks.</param>
/// <param name="Unexpected">Keys the state dict has and the module lacks.</param>
/// <param name="Mismatched">Keys on both sides whose shape or type differs.</param>
/// <param name="Loaded">Tensors copied.</param>
public sealed record LoadResult(
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Unexpected,
    IReadOnlyList<TensorMismatch> Mismatched,
    int Loaded)
{
    /// <summary>Every key of both sides matched, with the same shape and type.</summary>
    public bool IsExact => Missing.Count == 0 && Unexpected.Count == 0 && Mismatched.Count == 0;

    /// <summary>
    /// One line, e.g. "missing 2 keys: a, b; unexpected 130 keys: c, d, e, ...; shape mismatch in 1 key: x expected [3] got [1]".
    /// </summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Missing.Count > 0) parts.Add($"missing {ShownNames.Count(Missing)}");
        if (Unexpected.Count > 0) parts.Add($"unexpected {ShownNames.Count(Unexpected)}");
        var shapes = Mismatched.Where(m => m.ShapeDiffers).ToList();
        var types = Mismatched.Where(m => !m.ShapeDiffers).ToList();
        if (shapes.Count > 0) parts.Add($"shape mismatch in {ShownNames.Count(shapes)}");
        if (types.Count > 0) parts.Add($"dtype mismatch in {ShownNames.Count(types)}");
        return parts.Count == 0 ? "all keys match" : string.Join("; ", parts);
    }
}
