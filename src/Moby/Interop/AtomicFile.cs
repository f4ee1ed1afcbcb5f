namespace Moby.Interop;

/// <summary>
/// Writes a file so that a crash never leaves a half-written target: write "path.tmp", flush it to disk,
/// then rename it over the target (an atomic replace on the same file system).
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
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
