using Microsoft.Win32.SafeHandles;

namespace Moby.Data;

/// <summary>
/// Fixed-size records in one or more files, read by position so that several threads can read at once and
/// nothing but the requested record is held in memory (STL-10's unlabeled file alone is 2.7 GB).
/// </summary>
internal sealed class RecordFiles : IDisposable
{
    readonly SafeFileHandle[] _handles;
    readonly int[] _firstIndex;
    readonly long _headerBytes;

    public RecordFiles(IReadOnlyList<string> paths, int recordBytes, long headerBytes = 0)
    {
        RecordBytes = recordBytes;
        _headerBytes = headerBytes;
        _handles = new SafeFileHandle[paths.Count];
        _firstIndex = new int[paths.Count + 1];
        for (int f = 0; f < paths.Count; f++)
        {
            var length = LengthOf(paths[f]);
            if (length < headerBytes || (length - headerBytes) % recordBytes != 0)
                throw new DataException($"'{paths[f]}' has {length} bytes, which is not a whole number of {recordBytes}-byte records: wrong file or not the binary version");
            _handles[f] = File.OpenHandle(paths[f], FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
            _firstIndex[f + 1] = _firstIndex[f] + (int)((length - headerBytes) / recordBytes);
        }
    }

    public int Count => _firstIndex[^1];
    public int RecordBytes { get; }

    public void Read(int index, Span<byte> record)
    {
        int f = Array.BinarySearch(_firstIndex, index);
        f = f >= 0 ? f : ~f - 1;
        // Skip empty files that share a start index with the next one.
        while (_firstIndex[f + 1] <= index)
            f++;
        long offset = _headerBytes + (long)(index - _firstIndex[f]) * RecordBytes;
        if (RandomAccess.Read(_handles[f], record[..RecordBytes], offset) != RecordBytes)
            throw new DataException($"short read at record {index}: the file changed while reading");
    }

    /// <summary>Byte <paramref name="at"/> of every record, read in large sequential chunks (for labels).</summary>
    public byte[] Column(int at)
    {
        var column = new byte[Count];
        var buffer = new byte[RecordBytes * 1024];
        for (int f = 0; f < _handles.Length; f++)
        {
            for (int i = _firstIndex[f]; i < _firstIndex[f + 1]; i += 1024)
            {
                int n = Math.Min(1024, _firstIndex[f + 1] - i);
                long offset = _headerBytes + (long)(i - _firstIndex[f]) * RecordBytes;
                RandomAccess.Read(_handles[f], buffer.AsSpan(0, n * RecordBytes), offset);
                for (int k = 0; k < n; k++)
                    column[i + k] = buffer[k * RecordBytes + at];
            }
        }
        return column;
    }

    static long LengthOf(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new DataException($"'{path}' does not exist");
        return info.Length;
    }

    public void Dispose()
    {
        foreach (var h in _handles)
            h?.Dispose();
    }
}
