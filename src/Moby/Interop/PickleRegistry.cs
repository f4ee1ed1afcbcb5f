using System.Runtime.CompilerServices;
using Razorvine.Pickle;
using TorchSharp.PyBridge;

namespace Moby.Interop;

/// <summary>
/// Razorvine's constructor and pickler registries are process-wide; this registers ours once, after
/// PyBridge has registered its own (its static constructors run on first use and would otherwise
/// overwrite our constructors later). Reading uses our tensor constructors (see <see cref="PthUnpickler"/>);
/// writing uses PyBridge's pickler.
/// </summary>
static class PickleRegistry
{
    const string OrderedDict = "collections.OrderedDict";

    // Names resolved by our constructors or by Razorvine itself; a fallback registered for them would break reading.
    static readonly string[] HandledModules = ["builtins", "__builtin__", "array", "datetime", "decimal", "_codecs"];
    static readonly string[] HandledNames = ["torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter"];

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
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor", new TensorRebuild());
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", new TensorRebuild());
        Unpickler.registerConstructor("torch._utils", "_rebuild_parameter", new ParameterRebuild());
        Pickler.registerCustomPickler(typeof(PickledOrderedDict), new PickledOrderedDict.Writer());
    }

    /// <summary>Runs the static constructor: the OrderedDict writer must be registered before the first write, not only after a read.</summary>
    public static void EnsureRegistered() { }

    /// <summary>Makes sure every class the pickle names can be constructed, as an <see cref="UnpickledObject"/>.</summary>
    public static void PrepareFor(IEnumerable<string> globalNames)
    {
        lock (Gate)
        {
            foreach (var name in globalNames.Where(n => !IsHandled(n)))
                RegisterFallback(name);
        }
    }

    // Storage classes (torch.FloatStorage, ...) stay Razorvine's ClassDictConstructor, which PthStorage reads.
    static bool IsHandled(string fullName) =>
        HandledNames.Contains(fullName)
        || HandledModules.Contains(fullName[..Math.Max(0, fullName.LastIndexOf('.'))])
        || (fullName.StartsWith("torch.", StringComparison.Ordinal) && fullName.EndsWith("Storage", StringComparison.Ordinal));

    static void RegisterFallback(string fullName)
    {
        if (!Registered.Add(fullName)) return;
        var dot = fullName.LastIndexOf('.');
        Unpickler.registerConstructor(fullName[..dot], fullName[(dot + 1)..], new UnpickledObjectConstructor(fullName));
    }
}
