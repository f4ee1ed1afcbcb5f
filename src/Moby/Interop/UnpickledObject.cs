using System.Collections;

namespace Moby.Interop;

/// <summary>
/// A Python object with no C# counterpart: collections.OrderedDict, yacs CfgNode (both dict subclasses,
/// so their items land in this Hashtable) or any other class (its constructor arguments and
/// __setstate__ state are kept). Razorvine needs a Hashtable for SETITEMS and a __setstate__ method for BUILD.
/// </summary>
sealed class UnpickledObject(string className, object?[] arguments) : Hashtable
{
    // CPython's pickler writes dict items in SETITEMS batches of this size (pickle._BATCHSIZE).
    internal const int SetItemsBatch = 1000;

    readonly List<object> insertionOrder = [];

    public string ClassName { get; } = className;

    public IReadOnlyList<object?> Arguments { get; } = arguments;

    public object? State { get; private set; }

    public override object? this[object key]
    {
        get => base[key];
        set
        {
            if (!ContainsKey(key)) insertionOrder.Add(key);
            base[key] = value;
        }
    }

    public override void Add(object key, object? value)
    {
        base.Add(key, value);
        insertionOrder.Add(key);
    }

    /// <summary>Called by Razorvine for the BUILD opcode, with whatever state Python pickled.</summary>
    public void __setstate__(object state) => State = state;

    /// <summary>
    /// The keys in Python's order. Razorvine applies each SETITEMS batch last item first, so the recorded
    /// order is reversed within every batch.
    /// </summary>
    public IEnumerable<object> KeysInPythonOrder => insertionOrder.Chunk(SetItemsBatch).SelectMany(batch => batch.Reverse());
}
