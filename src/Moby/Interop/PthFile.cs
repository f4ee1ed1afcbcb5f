using System.Collections;
using System.IO.Compression;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Moby.Interop;

/// <summary>
/// PyTorch's zip checkpoint format (a pickle plus one archive entry per tensor storage), read with
/// <see cref="PthUnpickler"/> under <see cref="CheckpointLimits"/> and written through PyBridge. Understands
/// plain state dicts, {"state_dict": ...} / {"model": ...} wrappers and the official MoBY layout {model, optimizer, lr_scheduler, max_accuracy, epoch, config[, amp]}.
/// </summary>
static class PthFile
{
    static readonly string[] StateKeys = ["state_dict", "model"];

    public static bool LooksLike(ReadOnlySpan<byte> start) => start.StartsWith("PK\u0003\u0004"u8);

    /// <summary>torch.save before 1.6 wrote a bare pickle that starts with protocol 2 and a magic number.</summary>
    public static bool LooksLikeLegacy(ReadOnlySpan<byte> start) => start.StartsWith("\u0080\u0002\u008a\u000a"u8);

    public static Checkpoint Read(string path)
    {
        // Tensors made while reading (storages, views) are freed by the scope, with everything read so far
        // if the file turns out to be damaged. The tensors we keep are moved out below.
        using var scope = NewDisposeScope();
        try
        {
            using var archive = ZipFile.OpenRead(path);
            var pickle = archive.Entries.FirstOrDefault(e => e.Name == "data.pkl" && e.FullName.Count(c => c == '/') <= 1)
                ?? throw new CheckpointFormatException(path, "the zip file has no data.pkl, so it is not a PyTorch checkpoint");
            var bytes = ZipEntries.ReadAll(pickle, CheckpointLimits.MaxPickleBytes);
            PickleRegistry.PrepareFor(PickleScan.Globals(bytes));
            var unpickler = new PthUnpickler(archive, pickle.FullName[..^"data.pkl".Length]);
            var root = Unpickle(bytes, unpickler);
            PickledGraph.Check(root);
            if (root is not Hashtable dictionary)
                throw new CheckpointFormatException(path, $"data.pkl holds {PythonValues.Describe(root)}; expected a dict (a state dict or a training checkpoint)");
            var checkpoint = Interpret(path, dictionary);
            var tensors = checkpoint.State.Values.Concat(Checkpoint.TensorsIn(new object?[] { checkpoint.Config, checkpoint.Optimizer, checkpoint.Extra })).ToList();
            CheckViews(path, tensors, unpickler.StorageBytes);
            foreach (var tensor in tensors) tensor.MoveToOuterDisposeScope();
            return checkpoint;
        }
        catch (BadPickleException e)
        {
            throw new CheckpointFormatException(path, e.Message, e);
        }
        catch (InvalidDataException e)
        {
            throw new CheckpointFormatException(path, $"the zip archive is damaged ({e.Message})", e);
        }
    }

    /// <summary>
    /// Tensors are views of their storages and cost nothing more to read, but whoever copies or writes them out
    /// (export, a model's parameters) pays for each view: 60 views of one 64 MB storage in a 66 KB file made a
    /// 4 GB safetensors file with 8 GB of memory. Real checkpoints view each storage about once (tied weights
    /// twice), so views adding up to more than <see cref="CheckpointLimits.MaxViewBytesPerStorageByte"/> times the
    /// storages' bytes are refused.
    /// </summary>
    static void CheckViews(string path, List<Tensor> tensors, long storageBytes)
    {
        var viewBytes = tensors.Sum(t => t.NumberOfElements * t.ElementSize);
        if (viewBytes > CheckpointLimits.MaxViewBytesPerStorageByte * storageBytes)
            throw new CheckpointFormatException(path,
                $"its {tensors.Count:N0} tensors view {viewBytes:N0} bytes of storages that hold {storageBytes:N0}: more than {CheckpointLimits.MaxViewBytesPerStorageByte} times (a checkpoint's tensors share storages little, if at all)");
    }

    /// <summary>
    /// The scan has checked every opcode's argument, so what Razorvine can still throw comes from opcodes
    /// combined wrongly (a REDUCE on a string, a SETITEMS on a list, a memo key never put): a damaged pickle.
    /// </summary>
    static object Unpickle(byte[] pickle, PthUnpickler unpickler)
    {
        try
        {
            return unpickler.loads(pickle);
        }
        catch (Exception e) when (e is not (BadPickleException or InvalidDataException or OutOfMemoryException))
        {
            throw new BadPickleException($"data.pkl is damaged: unpickling it failed ({e.GetType().Name}: {ShownNames.FirstLine(e.Message)})");
        }
    }

    static Checkpoint Interpret(string path, Hashtable root)
    {
        var (stateKey, weights) = FindState(path, root);
        var state = PythonValues.KeysInOrder(weights).ToDictionary(PythonValues.Key, key => (Tensor)weights[key]!);
        if (stateKey is null)
            return new Checkpoint(path, CheckpointFormats.Pth, StateDictViews.StripPrefix(state, StateDictViews.DataParallelPrefix));

        var config = PythonValues.ToPlain(root["config"]);
        var extra = PythonValues.KeysInOrder(root)
            .Where(key => key is not string name || (name != stateKey && name is not ("epoch" or "optimizer" or "config")))
            .ToDictionary(PythonValues.Key, key => PythonValues.ToPlain(root[key]));
        return new Checkpoint(path, CheckpointFormats.Pth, StateDictViews.StripPrefix(state, StateDictViews.DataParallelPrefix),
            epoch: root["epoch"] is int epoch ? epoch : null,
            config: config as IReadOnlyDictionary<string, object?>,
            optimizer: root["optimizer"],
            extra: extra,
            epochEntry: root["epoch"]);
    }

    /// <summary>
    /// The dictionary of weights: the "state_dict" or "model" entry, or else the root itself when it holds
    /// tensors. Every value in it must be a tensor; the first that is not is named.
    /// </summary>
    static (string? Key, IDictionary Weights) FindState(string path, Hashtable root)
    {
        var stateKey = StateKeys.FirstOrDefault(key => root[key] is IDictionary);
        var weights = stateKey is null ? root : (IDictionary)root[stateKey]!;
        if (weights.Count == 0 || (stateKey is null && !weights.Values.OfType<Tensor>().Any()))
            throw new CheckpointFormatException(path,
                $"found no tensors: expected a state dict or a dict with a 'model' or 'state_dict' entry of tensors; top-level keys: {ShownNames.List(PythonValues.KeysInOrder(root).Select(PythonValues.Key).ToList())}");
        foreach (var key in PythonValues.KeysInOrder(weights))
        {
            if (weights[key] is Tensor) continue;
            var name = ShownNames.One(PythonValues.Key(key));
            var where = stateKey is null ? $"key '{name}'" : $"'{stateKey}' key '{name}'";
            throw new CheckpointFormatException(path, $"{where} holds {PythonValues.Describe(weights[key])}, not a tensor");
        }
        return (stateKey, weights);
    }

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
