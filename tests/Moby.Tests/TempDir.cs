namespace Moby.Tests;

/// <summary>A temporary folder removed at dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("moby-test-").FullName;

    /// <summary>The path of <paramref name="relative"/> in the folder (nothing written).</summary>
    public string File(string relative) => System.IO.Path.Combine(Path, relative);

    /// <summary>Writes <paramref name="content"/> to <paramref name="relative"/> in the folder, creating its folders.</summary>
    public string File(string relative, byte[] content)
    {
        var full = File(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllBytes(full, content);
        return full;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
