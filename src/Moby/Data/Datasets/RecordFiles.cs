using Microsoft.Win32.SafeHandles;
using Moby.Interop;

namespace Moby.Data;

/// <summary>
/// Fixed-size records in one or more files, read by position so that several threads can read at once and
/// nothing but the requested record is held in memory (STL-10's unlabeled file alone is 2.7 GB). Each file may start
/// with a header of <c>headerBytes</c> that is not part of any record (an IDX file's).
/// </summary>
internal sealed class RecordFiles : IDisposable
{
    readonly string[] paths;
    readonly SafeFileHandle[] handles;
    readonly int[] firstIndex;
    readonly int headerBytes;

    public RecordFiles(IReadOnlyList<string> paths, int recordBytes, int headerBytes = 0)
    {
        RecordBytes = recordBytes;
        this.headerBytes = headerBytes;
        this.paths = paths.ToArray();
        handles = new SafeFileHandle[paths.Count];
        firstIndex = new int[paths.Count + 1];
        try
        {
            for (int f = 0; f < paths.Count; f++)
            {
                long total = firstIndex[f] + Records(paths[f]);
                if (total > int.MaxValue)
                    throw new DataException($"'{ShownNames.Path(paths[f])}' takes the data set past {int.MaxValue} records");
                firstIndex[f + 1] = (int)total;
                handles[f] = OpenHandle(paths[f]);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Count => firstIndex[^1];
    public int RecordBytes { get; }

    public void Read(int index, Span<byte> record)
    {
        int f = FileOf(index);
        ReadAt(f, record[..RecordBytes], headerBytes + (long)(index - firstIndex[f]) * RecordBytes);
    }

    /// <summary>Where record <paramref name="index"/> is, for messages: "record k of 'file'".</summary>
    public string Describe(int index)
    {
        int f = FileOf(index);
        return $"record {index - firstIndex[f]} of '{ShownNames.Path(paths[f])}'";
    }

    /// <summary>Byte <paramref name="at"/> of every record, read in large sequential chunks (for labels).</summary>
    public byte[] Column(int at)
    {
        var column = new byte[Count];
        var buffer = new byte[RecordBytes * 1024];
        for (int f = 0; f < handles.Length; f++)
        {
            for (int i = firstIndex[f]; i < firstIndex[f + 1]; i += 1024)
            {
                int n = Math.Min(1024, firstIndex[f + 1] - i);
                ReadAt(f, buffer.AsSpan(0, n * RecordBytes), headerBytes + (long)(i - firstIndex[f]) * RecordBytes);
                for (int k = 0; k < n; k++)
                    column[i + k] = buffer[k * RecordBytes + at];
            }
        }
        return column;
    }

    int FileOf(int index)
    {
        int f = Array.BinarySearch(firstIndex, index);
        f = f >= 0 ? f : ~f - 1;
        return f;
    }

    void ReadAt(int f, Span<byte> bytes, long offset)
    {
        int read;
        try
        {
            read = RandomAccess.Read(handles[f], bytes, offset);
        }
        catch (IOException e)
        {
            throw DataFile.Unreadable(paths[f], e);
        }
        if (read != bytes.Length)
            throw new DataException($"'{ShownNames.Path(paths[f])}' became shorter while it was read: the file changed");
    }

    /// <summary>How many records the file holds; it must hold at least one and a whole number of them.</summary>
    long Records(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new DataException($"'{ShownNames.Path(path)}' does not exist");
        long records = info.Length - headerBytes;
        if (records <= 0 || records % RecordBytes != 0)
            throw new DataException($"'{ShownNames.Path(path)}' has {info.Length} bytes, which is not {(headerBytes > 0 ? $"a {headerBytes}-byte header and " : "")}" +
                                    $"a whole number of {RecordBytes}-byte records (at least one): wrong file or not the binary version");
        return records / RecordBytes;
    }

    static SafeFileHandle OpenHandle(string path) =>
        DataFile.Read(path, () => File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess));

    public void Dispose()
    {
        foreach (var h in handles)
            h?.Dispose();
    }
}
