using System.Text.Json;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Moby.Tests;

/// <summary>A golden safetensors fixture: its tensors and its string metadata.</summary>
public sealed class GoldenFile : IDisposable
{
    public Dictionary<string, Tensor> Tensors { get; }
    public Dictionary<string, string> Metadata { get; }

    public GoldenFile(string name) : this(new FileInfo(GoldenFiles.PathOf(name)))
    {
    }

    /// <summary>A reference file committed in this repository (a path relative to its root).</summary>
    public static GoldenFile InRepository(string relative) => new(new FileInfo(RepoFiles.Path(relative)));

    private GoldenFile(FileInfo file)
    {
        string path = file.FullName;
        Tensors = Safetensors.LoadStateDict(path);
        using var header = JsonDocument.Parse(ReadHeader(path));
        Metadata = header.RootElement.GetProperty("__metadata__").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    public Tensor this[string key] => Tensors[key];

    public JsonElement Config => JsonDocument.Parse(Metadata["config"]).RootElement;

    public double Number(string key) => double.Parse(Metadata[key], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The tensors under a prefix, with the prefix removed.</summary>
    public Dictionary<string, Tensor> WithPrefix(string prefix) =>
        Tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);

    private static string ReadHeader(string path)
    {
        using var stream = File.OpenRead(path);
        var lengthBytes = new byte[8];
        stream.ReadExactly(lengthBytes);
        var json = new byte[BitConverter.ToInt64(lengthBytes)];
        stream.ReadExactly(json);
        return System.Text.Encoding.UTF8.GetString(json);
    }

    public void Dispose()
    {
        foreach (var t in Tensors.Values) t.Dispose();
    }
}
