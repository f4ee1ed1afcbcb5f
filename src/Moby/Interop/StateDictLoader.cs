using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Interop;

/// <summary>
/// Loads a state dict into a module by name, checking keys, shapes and dtypes. TorchSharp's own
/// load_state_dict names no keys on failure and broadcasts a [1] tensor into a [3] one; this does neither.
/// </summary>
public static class StateDictLoader
{
    /// <summary>
    /// Copies every matching tensor into the module. Strict: any missing, unexpected or mismatched key throws
    /// <see cref="CheckpointMismatchException"/> before anything is copied. Non-strict: copies the matching
    /// ones and reports the rest. <paramref name="source"/> (e.g. the file name) goes into the error message. Either way a
    /// buffer the model computes (<see cref="DerivedBuffers"/>) must equal the model's own, or <see cref="CheckpointFormatException"/>.
    /// </summary>
    public static LoadResult Load(nn.Module module, IReadOnlyDictionary<string, Tensor> state, bool strict = true, string? source = null)
    {
        var target = module.state_dict();
        var result = Compare(target, state);
        if (strict && !result.IsExact)
            throw new CheckpointMismatchException(result, source);
        foreach (var (key, destination) in target)
            if (state.TryGetValue(key, out var value) && SameLayout(destination, value)) DerivedBuffers.Check(key, destination, value, source);

        // no_grad so that copy_ into a leaf parameter is allowed and leaves requires_grad as it was.
        using (torch.no_grad())
        {
            foreach (var (key, destination) in target)
                if (state.TryGetValue(key, out var value) && SameLayout(destination, value))
                    destination.copy_(value);
        }
        return result;
    }

    /// <summary>Compares without copying.</summary>
    internal static LoadResult Compare(IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, Tensor> actual)
    {
        var missing = expected.Keys.Where(k => !actual.ContainsKey(k)).ToList();
        var unexpected = actual.Keys.Where(k => !expected.ContainsKey(k)).ToList();
        var mismatched = new List<TensorMismatch>();
        var loaded = 0;
        foreach (var (key, want) in expected)
        {
            if (!actual.TryGetValue(key, out var got)) continue;
            if (SameLayout(want, got)) loaded++;
            else mismatched.Add(new TensorMismatch(key, want.shape, want.dtype, got.shape, got.dtype));
        }
        return new LoadResult(missing, unexpected, mismatched, loaded);
    }

    static bool SameLayout(Tensor a, Tensor b) => a.dtype == b.dtype && a.shape.SequenceEqual(b.shape);
}
