using System.Collections.Concurrent;

namespace Moby.Data;

/// <summary>Images that did not decode: warned about once each, counted for the end-of-run summary.</summary>
public sealed class BadImageLog(Action<string>? warn)
{
    readonly ConcurrentDictionary<int, string> _bad = new();
    readonly Action<string> _warn = warn ?? (m => Console.Error.WriteLine(m));

    public int Count => _bad.Count;
    public IReadOnlyCollection<string> Messages => _bad.Values.ToArray();

    public bool IsBad(int index) => _bad.ContainsKey(index);

    internal void Add(int index, string message)
    {
        if (_bad.TryAdd(index, message))
            _warn($"warning: {message}; replaced by the next decodable image");
    }

    public string Summary() => Count == 0
        ? "all images decoded"
        : $"{Count} image(s) did not decode and were replaced: {string.Join("; ", Messages.Take(5))}{(Count > 5 ? "; ..." : "")}";
}
