using System.IO.Compression;

namespace Moby.Tests.Interop;

/// <summary>A .pth zip as torch.save lays it out: "archive/data.pkl" and one "archive/data/{key}" entry per storage.</summary>
static class CraftedPth
{
    public static void Write(string path, byte[] pickle, IReadOnlyDictionary<string, byte[]>? storages = null, CompressionLevel level = CompressionLevel.NoCompression)
    {
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        Add(archive, "archive/data.pkl", pickle, level);
        foreach (var (key, data) in storages ?? new Dictionary<string, byte[]>()) Add(archive, $"archive/data/{key}", data, level);
    }

    /// <summary>float32 storage bytes of 0, 1, 2, ...</summary>
    public static byte[] Floats(int count) => Enumerable.Range(0, count).SelectMany(i => BitConverter.GetBytes((float)i)).ToArray();

    static void Add(ZipArchive archive, string name, byte[] data, CompressionLevel level)
    {
        using var stream = archive.CreateEntry(name, level).Open();
        stream.Write(data);
    }
}
