using System.Collections;
using System.Globalization;
using static TorchSharp.torch;

namespace Moby.Interop;

/// <summary>Turns unpickled Python values into plain .NET ones: dictionaries, lists, strings, numbers, tensors.</summary>
static class PythonValues
{
    /// <summary>
    /// Dicts (and dict-like objects such as a yacs CfgNode) become Dictionary&lt;string, object?&gt;, lists and
    /// tuples List&lt;object?&gt;; an object of another class becomes its __setstate__ dict when it has one
    /// (e.g. argparse.Namespace), otherwise the text "&lt;module.Class&gt;".
    /// </summary>
    public static object? ToPlain(object? value) => value switch
    {
        UnpickledObject { Count: > 0 } o => ToDictionary(o),
        UnpickledObject { State: IDictionary state } => ToPlain(state),
        UnpickledObject o => $"<{o.ClassName}>",
        IDictionary dictionary => ToDictionary(dictionary),
        string or byte[] or Tensor => value,
        IEnumerable items => items.Cast<object?>().Select(ToPlain).ToList(),
        _ => value,
    };

    public static Dictionary<string, object?> ToDictionary(IDictionary dictionary) =>
        KeysInOrder(dictionary).ToDictionary(Key, key => ToPlain(dictionary[key]));

    /// <summary>
    /// Python's order for OrderedDicts and other dict subclasses; a plain dict arrives as a Hashtable,
    /// which has lost it, so its keys are sorted to keep the result deterministic.
    /// </summary>
    public static IEnumerable<object> KeysInOrder(IDictionary dictionary) => dictionary is UnpickledObject o
        ? o.KeysInPythonOrder
        : dictionary.Keys.Cast<object>().OrderBy(Key, StringComparer.Ordinal);

    public static string Key(object key) => Convert.ToString(key, CultureInfo.InvariantCulture) ?? "";

    /// <summary>A non-negative integer from the pickle (a size, offset or count); <paramref name="what"/> names it in the error.</summary>
    public static long Count(object? value, string what) => value switch
    {
        int n and >= 0 => n,
        long n and >= 0 => n,
        int or long => throw new BadPickleException($"{what} is negative ({value})"),
        _ => throw new BadPickleException($"{what} is {Describe(value)}, not an integer"),
    };

    /// <summary>What a user would call an unpickled value: "a posix.system object", "a string", "None".</summary>
    public static string Describe(object? value) => value switch
    {
        null => "None",
        Tensor => "a tensor",
        UnpickledObject o => $"a {o.ClassName} object",
        Razorvine.Pickle.Objects.ClassDict d => $"a {d.ClassName} object",
        Razorvine.Pickle.Objects.ClassDictConstructor c => $"the class {c.module}.{c.name}",
        Razorvine.Pickle.IObjectConstructor => "a class or function",
        string => "a string",
        byte[] => "bytes",
        bool => "a boolean",
        int or long or double or System.Numerics.BigInteger => "a number",
        IDictionary => "a dict",
        IEnumerable => "a list or tuple",
        _ => $"a {value.GetType().Name}",
    };
}
