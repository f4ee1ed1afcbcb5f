namespace Moby.Interop;

/// <summary>
/// The folder a command writes its outputs into, made when the command starts: created with its missing parents and
/// checked writable (<see cref="OutputPath.Folder"/>) before any long work. Disposed when the command ends, it removes
/// again the folders it created that are still empty: a command that fails on its input after the check (a folder where
/// no image decodes, a missing data set) leaves nothing behind. A folder that existed before is never removed.
/// </summary>
internal sealed class OutputFolder : IDisposable
{
    /// <summary>The folders this one created, the deepest first.</summary>
    private readonly IReadOnlyList<string> created;

    private OutputFolder(string path, IReadOnlyList<string> created) => (Path, this.created) = (path, created);

    /// <summary>The folder, as given.</summary>
    public string Path { get; }

    /// <summary>Creates <paramref name="path"/> (and its parents) when missing and checks that files can be created in it.</summary>
    public static OutputFolder Create(string path)
    {
        var missing = Missing(path);
        OutputPath.Folder(path);
        return new OutputFolder(path, missing);
    }

    /// <summary>The folder of the output file <paramref name="file"/>, which must not be a folder.</summary>
    public static OutputFolder ForFile(string file) => Create(OutputPath.FileFolder(file));

    /// <summary>Removes the folders this one created that are still empty (best effort: the command's own outcome is what counts).</summary>
    public void Dispose() => RemoveEmpty(created);

    /// <summary>The folders of <paramref name="path"/> that do not exist yet, the deepest first.</summary>
    public static IReadOnlyList<string> Missing(string path)
    {
        var missing = new List<string>();
        for (var p = System.IO.Path.GetFullPath(path); p != null && !Directory.Exists(p) && !File.Exists(p); p = System.IO.Path.GetDirectoryName(p))
            missing.Add(p);
        return missing;
    }

    /// <summary>Removes each of <paramref name="folders"/> (the deepest first) while it is empty; stops at the first that is not.</summary>
    public static void RemoveEmpty(IReadOnlyList<string> folders)
    {
        foreach (var folder in folders)
        {
            try
            {
                if (!Directory.Exists(folder) || Directory.EnumerateFileSystemEntries(folder).Any()) return;
                Directory.Delete(folder, recursive: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }
        }
    }
}
