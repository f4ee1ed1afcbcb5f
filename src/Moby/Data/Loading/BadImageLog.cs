using System.Collections.Concurrent;

namespace Moby.Data;

/// <summary>Images that did not decode: warned about once each (when a caller listens; the library never writes to the
/// console), counted for the end-of-run summary.</summary>
internal sealed class BadImageLog(Action<string>? warn)
{
    readonly ConcurrentDictionary<int, string> bad = new();
    readonly Action<string> warn = warn ?? (_ => { });

    public int Count => bad.Count;
    public IReadOnlyCollection<string> Messages => bad.Values.ToArray();

    public bool IsBad(int index) => bad.ContainsKey(index);

    internal void Add(int index, string message)
    {
        if (bad.TryAdd(index, message))
            warn($"warning: {message}; replaced by the next decodable image");
    }

    public string Summary() => Count == 0
        ? "all images decoded"
        : $"{Count} image(s) did not decode and were replaced: {string.Join("; ", Messages.Take(5))}{(Count > 5 ? "; ..." : "")}";
}
