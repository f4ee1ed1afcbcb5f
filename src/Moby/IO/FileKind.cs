using System.Runtime.InteropServices;

namespace Moby.IO;

/// <summary>
/// What a path names, asked before a file is opened for reading. A user may pass any path, and only a regular file is
/// safe to open: opening a FIFO blocks until some other process writes to it (a hang), and a device such as /dev/zero
/// or /dev/urandom never ends. .NET tells a directory from a file but not these apart, hence statx(2), whose
/// structure has the same layout on every Linux architecture.
/// </summary>
internal static partial class FileKind
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1; // STATX_TYPE: only the file type is needed
    private const int ModeOffset = 28; // struct statx: stx_mask, stx_blksize, stx_attributes, stx_nlink, stx_uid, stx_gid, then stx_mode
    private const int StatxSize = 256;
    private const int Regular = 0x8000, Fifo = 0x1000; // S_IFREG, S_IFIFO

    /// <summary>
    /// Null when <paramref name="path"/> (symbolic links followed) is a regular file, or cannot be examined (missing, a
    /// link loop, no permission): opening it then fails with the system's own reason. Otherwise what it is instead,
    /// for a message: "a directory", "a FIFO (named pipe)", "a character device", ...
    /// </summary>
    public static string? NotRegular(string path) => Type(path) switch
    {
        null or Regular => null,
        0x4000 => "a directory",
        Fifo => "a FIFO (named pipe)",
        0x2000 => "a character device",
        0x6000 => "a block device",
        0xC000 => "a socket",
        _ => "an unknown kind of file",
    };

    /// <summary>True for a FIFO: opening it, for reading or writing, waits for the other end.</summary>
    public static bool IsFifo(string path) => Type(path) == Fifo;

    /// <summary>Throws what <paramref name="error"/> makes of "is a FIFO (named pipe), not a regular file" and the like.</summary>
    public static void RequireRegular(string path, Func<string, Exception> error)
    {
        if (NotRegular(path) is { } kind) throw error($"this is {kind}, not a regular file");
    }

    /// <summary>The S_IFMT bits of the file's mode; null when it cannot be examined.</summary>
    private static int? Type(string path)
    {
        Span<byte> status = stackalloc byte[StatxSize];
        if (Statx(AtFdCwd, path, 0, StatxType, ref MemoryMarshal.GetReference(status)) != 0) return null;
        return BitConverter.ToUInt16(status[ModeOffset..]) & 0xF000;
    }

    [LibraryImport("libc.so.6", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte status);
}
