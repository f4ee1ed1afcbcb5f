using System.Collections;
using static TorchSharp.torch;

namespace Moby.Interop;

/// <summary>
/// Bounds an unpickled object graph before anything recurses into it. The unpickler itself is a loop, but a
/// pickle can nest lists a million levels deep (a recursive walk overflows the stack), refer to itself (a walk
/// never ends), or reuse one list many times per level ("billion laughs": a walk that copies values expands
/// it exponentially). Walking once without recursion, counting every use of a value, turns each into one error;
/// afterwards every recursive conversion of the graph is bounded by the same limits.
/// </summary>
static class PickledGraph
{
    public static void Check(object? root)
    {
        var pending = new Stack<(object? Value, int Depth)>();
        pending.Push((root, 0));
        var values = 1;
        while (pending.TryPop(out var item))
        {
            foreach (var child in Children(item.Value))
            {
                if (item.Depth + 1 > CheckpointLimits.MaxNesting)
                    throw new BadPickleException($"data.pkl nests values more than {CheckpointLimits.MaxNesting} levels deep (or a value contains itself)");
                if (++values > CheckpointLimits.MaxValues)
                    throw new BadPickleException($"data.pkl holds more than {CheckpointLimits.MaxValues:N0} values, counting each use of a shared value");
                pending.Push((child, item.Depth + 1));
            }
        }
    }

    /// <summary>Everything any conversion may descend into: keys and values, list items, an object's arguments and state.</summary>
    static IEnumerable<object?> Children(object? value)
    {
        switch (value)
        {
            case null or string or byte[] or Tensor:
                yield break;
            case UnpickledObject o:
                foreach (var argument in o.Arguments) yield return argument;
                yield return o.State;
                break;
        }
        if (value is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                yield return entry.Key;
                yield return entry.Value;
            }
        }
        else if (value is IEnumerable items)
        {
            foreach (var item in items) yield return item;
        }
    }
}
