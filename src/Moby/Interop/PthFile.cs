using System.Collections;
using System.IO.Compression;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Moby.Interop;

/// <summary>
/// PyTorch's zip checkpoint format (a pickle plus one archive entry per tensor storage), read and written
/// through PyBridge. Understands plain state dicts, {"state_dict": ...} / {"model": ...} wrappers and the
/// official MoBY layout {model, optimizer, lr_scheduler, max_accuracy, epoch, config[, amp]}.
/// </summary>
static class PthFile
{
    static readonly string[] StateKeys = ["state_dict", "model"];

    public static bool LooksLike(ReadOnlySpan<byte> start) => start.StartsWith("PK\u0003\u0004"u8);

    /// <summary>torch.save before 1.6 wrote a bare pickle that starts with protocol 2 and a magic number.</summary>
    public static bool LooksLikeLegacy(ReadOnlySpan<byte> start) => start.StartsWith("\u0080\u0002\u008a\u000a"u8);

    public static Checkpoint Read(string path)
    {
        PickleRegistry.PrepareFor(PickleGlobals.In(ReadPickle(path)));
        // PyBridge leaves a temporary tensor per storage; the scope frees those, and everything read
        // so far if the file turns out to be damaged. The tensors we keep are moved out below.
        using var scope = NewDisposeScope();
        Hashtable root;
        using (var stream = File.OpenRead(path))
            root = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true);
        var checkpoint = Interpret(path, root);
        foreach (var tensor in checkpoint.State.Values.Concat(Checkpoint.TensorsIn(new object?[] { checkpoint.Config, checkpoint.Optimizer, checkpoint.Extra })))
            tensor.MoveToOuterDisposeScope();
        return checkpoint;
    }

    static byte[] ReadPickle(string path)
    {
        using var archive = ZipFile.OpenRead(path);
        var entry = archive.Entries.FirstOrDefault(e => e.Name == "data.pkl")
            ?? throw new CheckpointFormatException(path, "the zip file has no data.pkl, so it is not a PyTorch checkpoint");
        using var pickle = entry.Open();
        using var bytes = new MemoryStream();
        pickle.CopyTo(bytes);
        return bytes.ToArray();
    }

    static Checkpoint Interpret(string path, Hashtable root)
    {
        var (stateKey, weights) = FindState(root) ?? throw new CheckpointFormatException(path,
            $"found no tensors: expected a state dict or a dict with a 'model' or 'state_dict' entry of tensors; top-level keys: {string.Join(", ", PythonValues.KeysInOrder(root))}");
        var state = PythonValues.KeysInOrder(weights).ToDictionary(PythonValues.Key, key => (Tensor)weights[key]!);
        if (stateKey is null)
            return new Checkpoint(path, CheckpointFormats.Pth, StateDictViews.StripPrefix(state, StateDictViews.DataParallelPrefix));

        var config = PythonValues.ToPlain(root["config"]);
        var extra = PythonValues.KeysInOrder(root)
            .Where(key => key is not string name || (name != stateKey && name is not ("epoch" or "optimizer" or "config")))
            .ToDictionary(PythonValues.Key, key => PythonValues.ToPlain(root[key]));
        return new Checkpoint(path, CheckpointFormats.Pth, StateDictViews.StripPrefix(state, StateDictViews.DataParallelPrefix),
            epoch: root["epoch"] is int or long ? Convert.ToInt32(root["epoch"]) : null,
            config: config as IReadOnlyDictionary<string, object?>,
            optimizer: root["optimizer"],
            extra: extra);
    }

    /// <summary>The dictionary of weights: the root itself, or its "state_dict" or "model" entry.</summary>
    static (string? Key, IDictionary Weights)? FindState(Hashtable root)
    {
        if (AllTensors(root)) return (null, root);
        foreach (var key in StateKeys)
            if (root[key] is IDictionary candidate && AllTensors(candidate)) return (key, candidate);
        return null;
    }

    static bool AllTensors(IDictionary dictionary) => dictionary.Count > 0 && dictionary.Values.Cast<object?>().All(v => v is Tensor);

    public static void Write(Stream stream, object content)
    {
        PickleRegistry.EnsureRegistered();
        using var scope = NewDisposeScope();
        if (Pickleable(content) is not PickledOrderedDict top)
            throw new ArgumentException($"A .pth file holds a dictionary; got {content.GetType().Name}.", nameof(content));
        // PyBridge wants an IDictionary at the top (written as a plain dict); the nested values keep their order.
        var root = new System.Collections.Specialized.OrderedDictionary();
        foreach (var (key, value) in top.Items) root.Add(key, value);
        PyTorchPickler.PickleStateDict(stream, root, leaveOpen: true);
    }

    /// <summary>
    /// Converts to what the pickler can write: dictionaries become <see cref="PickledOrderedDict"/> (so a
    /// state dict reads back as an OrderedDict in Python, and in order here), tensors standalone CPU copies.
    /// </summary>
    static object? Pickleable(object? value) => value switch
    {
        Tensor tensor => TensorBytes.Standalone(tensor),
        IReadOnlyDictionary<string, Tensor> tensors => new PickledOrderedDict(
            tensors.Select(p => KeyValuePair.Create<object, object?>(p.Key, Pickleable(p.Value))).ToList()),
        IDictionary dictionary => new PickledOrderedDict(
            dictionary.Keys.Cast<object>().Select(k => KeyValuePair.Create(k, Pickleable(dictionary[k]))).ToList()),
        string => value,
        IEnumerable items => items.Cast<object?>().Select(Pickleable).ToList(),
        _ => value,
    };
}
