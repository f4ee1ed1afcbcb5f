using System.Runtime.CompilerServices;
using Razorvine.Pickle;
using TorchSharp.PyBridge;

namespace Moby.Interop;

/// <summary>
/// Razorvine's constructor and pickler registries are process-wide; this registers ours once, after
/// PyBridge has registered its own (its static constructors run on first use and would otherwise
/// overwrite our OrderedDict constructor later).
/// </summary>
static class PickleRegistry
{
    const string OrderedDict = "collections.OrderedDict";

    // Names resolved by PyBridge (tensors, storages read as Razorvine ClassDictConstructors) or by
    // Razorvine itself; a fallback registered for them would break reading.
    static readonly string[] HandledModules = ["torch", "builtins", "__builtin__", "array", "datetime", "decimal", "_codecs"];

    static readonly HashSet<string> Registered = [];
    static readonly Lock Gate = new();

    static PickleRegistry()
    {
        RuntimeHelpers.RunClassConstructor(typeof(PyTorchUnpickler).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(PyTorchPickler).TypeHandle);
        // Our OrderedDict keeps the key order (PyBridge's is a plain Hashtable) and ignores the
        // "_metadata" state torch attaches to state dicts.
        RegisterFallback(OrderedDict);
        // The official MoBY checkpoint pickles its yacs config; the class is a dict subclass.
        RegisterFallback("yacs.config.CfgNode");
        Pickler.registerCustomPickler(typeof(PickledOrderedDict), new PickledOrderedDict.Writer());
    }

    /// <summary>Makes sure every class the pickle names can be constructed, as an <see cref="UnpickledObject"/>.</summary>
    public static void PrepareFor(IEnumerable<string> globalNames)
    {
        lock (Gate)
        {
            foreach (var name in globalNames.Where(n => !HandledModules.Contains(n[..Math.Max(0, n.LastIndexOf('.'))])))
                RegisterFallback(name);
        }
    }

    static void RegisterFallback(string fullName)
    {
        if (!Registered.Add(fullName)) return;
        var dot = fullName.LastIndexOf('.');
        Unpickler.registerConstructor(fullName[..dot], fullName[(dot + 1)..], new UnpickledObjectConstructor(fullName));
    }
}
