namespace Moby.Interop;

/// <summary>
/// Writes a file so that a crash never leaves a half-written target: write "path.tmp", flush it to disk,
/// then rename it over the target (an atomic replace on the same file system). A failed write (a full disk,
/// a read-only folder) removes the temporary file, leaves the previous target as it was, and throws an
/// <see cref="OutputPathException"/> naming the target.
/// </summary>
static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var temporary = path + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e)
        {
            TryDelete(temporary);
            if (e is not (IOException or UnauthorizedAccessException) || e is OutputPathException) throw;
            string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            throw new OutputPathException(path, $"Could not write {ShownNames.Path(path)}: {OutputPath.Reason(folder, e)}; " +
                                                (File.Exists(path) ? "the previous file is unchanged" : "nothing was written"), e);
        }
    }

    /// <summary>Best effort: the first failure is what the user must see, not a second one while cleaning up.</summary>
    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
