using System.Collections;
using static TorchSharp.torch;

namespace Moby.Interop;

/// <summary>
/// The content of a checkpoint file: the model weights plus, for official .pth checkpoints, the training
/// state around them. Owns every tensor it holds; dispose it when done (views from
/// <see cref="StateDictViews"/> share these tensors).
/// </summary>
public sealed class Checkpoint : IDisposable
{
    internal Checkpoint(string path, string format, Dictionary<string, Tensor> state, int? epoch = null,
        IReadOnlyDictionary<string, object?>? config = null, object? optimizer = null,
        IReadOnlyDictionary<string, object?>? extra = null, IReadOnlyDictionary<string, string>? metadata = null,
        object? epochEntry = null)
    {
        EpochEntry = epochEntry ?? epoch;
        Path = path;
        Format = format;
        State = state;
        Epoch = epoch;
        Config = config;
        Optimizer = optimizer;
        Extra = extra ?? new Dictionary<string, object?>();
        Metadata = metadata ?? new Dictionary<string, string>();
    }

    /// <summary>The file it was read from.</summary>
    public string Path { get; }

    /// <summary><see cref="CheckpointFormats.Pth"/> or <see cref="CheckpointFormats.Safetensors"/>.</summary>
    public string Format { get; }

    /// <summary>The weights, in file order, with any "module." prefix removed. Plain tensors, requires_grad false.</summary>
    public Dictionary<string, Tensor> State { get; }

    /// <summary>The "epoch" entry of a training checkpoint.</summary>
    public int? Epoch { get; }

    /// <summary>The "epoch" entry as unpickled, whatever its type (null: none). <see cref="Epoch"/> is null for a
    /// string, a float or an integer beyond int; resuming must refuse those rather than start again at epoch 0.</summary>
    internal object? EpochEntry { get; }

    /// <summary>The "config" entry (a yacs CfgNode in official checkpoints) as nested plain dictionaries.</summary>
    public IReadOnlyDictionary<string, object?>? Config { get; }

    /// <summary>The "optimizer" entry as unpickled (Hashtable of "state" and "param_groups"), for re-pickling.</summary>
    public object? Optimizer { get; }

    /// <summary>Other top-level entries (lr_scheduler, max_accuracy, amp, ...) as plain values.</summary>
    public IReadOnlyDictionary<string, object?> Extra { get; }

    /// <summary>The safetensors "__metadata__" strings (empty for .pth).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Frees every tensor it holds.</summary>
    public void Dispose()
    {
        foreach (var tensor in State.Values) tensor.Dispose();
        foreach (var tensor in TensorsIn(new object?[] { Config, Optimizer, Extra })) tensor.Dispose();
    }

    /// <summary>Every tensor reachable through dictionaries and lists.</summary>
    internal static IEnumerable<Tensor> TensorsIn(object? value) => value switch
    {
        Tensor tensor => [tensor],
        IDictionary dictionary => dictionary.Values.Cast<object?>().SelectMany(TensorsIn),
        string => [],
        IEnumerable items => items.Cast<object?>().SelectMany(TensorsIn),
        _ => [],
    };
}
