namespace Moby.Data;

/// <summary>Class names shipped beside binary data sets, one per line; numbers when the file is missing.</summary>
internal static class ClassNames
{
    public static IReadOnlyList<string> Read(string file, int count)
    {
        var names = File.Exists(file)
            ? File.ReadLines(file).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray()
            : [];
        return names.Length == count ? names : Enumerable.Range(0, count).Select(i => i.ToString()).ToArray();
    }
}
