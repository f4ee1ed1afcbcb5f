using Moby.Interop;

namespace Moby.Data;

/// <summary>Class names shipped beside binary data sets, one per line; numbers when the file is missing or lists another count.</summary>
internal static class ClassNames
{
    /// <summary>A hundred names take about a kilobyte: a larger file is not a list of class names, and is not read.</summary>
    const long MaxBytes = 1 << 20;

    public static IReadOnlyList<string> Read(string file, int count)
    {
        var names = Lines(file);
        return names.Length == count ? names : Enumerable.Range(0, count).Select(i => i.ToString()).ToArray();
    }

    internal static string[] Lines(string file)
    {
        var info = new FileInfo(file);
        if (!info.Exists)
            return [];
        if (info.Length > MaxBytes)
            throw new DataException($"'{ShownNames.Path(file)}' has {info.Length} bytes; a list of class names has at most {MaxBytes}");
        return DataFile.Read(file, () => File.ReadLines(file).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray());
    }
}
