namespace Moby.Interop;

/// <summary>
/// Checks output paths before any long work and explains a refusal in one line naming the path. The OS alone
/// says "Could not find a part of the path" when a file stands where a folder was expected, and a read-only
/// folder would otherwise be found only when the results of hours of work are written.
/// </summary>
internal static class OutputPath
{
    /// <summary>Creates the folder (and its parents) when missing and checks that files can be created in it.</summary>
    public static string Folder(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
            // A probe file, removed when closed: creating a file is the only test of writability that asks the
            // file system itself (permissions, read-only mounts, ACLs), whoever the user is.
            string probe = System.IO.Path.Combine(path, $".moby-write-test-{Environment.ProcessId}");
            using var _ = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputPathException(path, $"Cannot write to the folder {ShownNames.Path(path)}: {Reason(path, e)}", e);
        }
        return path;
    }

    /// <summary>The folder of an output file, once the file's path is known not to be a folder.</summary>
    public static string FileFolder(string path)
    {
        if (Directory.Exists(path)) throw new OutputPathException(path, $"Cannot write {ShownNames.Path(path)}: it is a folder; a file was expected");
        return System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
    }

    /// <summary>
    /// Why writing at or under <paramref name="path"/> failed, in words: a file standing where a folder was
    /// expected, a permission problem, else the OS's message without the path it appends (the caller names it).
    /// </summary>
    public static string Reason(string path, Exception e)
    {
        if (FileInTheWay(path) is { } file) return $"{ShownNames.Path(file)} is a file; a folder was expected";
        if (e is UnauthorizedAccessException) return "permission denied (a read-only or protected folder)";
        int cut = e.Message.IndexOf(" : '", StringComparison.Ordinal);
        return cut > 0 ? ShownNames.Path(e.Message[..cut]) : ShownNames.IoMessage(e);
    }

    /// <summary>The nearest existing ancestor of <paramref name="path"/> (or path itself) when it is a file, not a folder.</summary>
    private static string? FileInTheWay(string path)
    {
        for (var p = System.IO.Path.GetFullPath(path); p != null; p = System.IO.Path.GetDirectoryName(p))
        {
            if (System.IO.File.Exists(p)) return p;
            if (Directory.Exists(p)) return null;
        }
        return null;
    }
}
