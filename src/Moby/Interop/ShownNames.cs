namespace Moby.Interop;

/// <summary>
/// Names from a file (keys, tensor names) as they go into one-line error messages: a crafted file can hold
/// thousands of keys, or a key with line breaks or a megabyte of text.
/// </summary>
static class ShownNames
{
    /// <summary>Names listed before "...".</summary>
    public const int Listed = 3;

    const int MaxLength = 100;

    /// <summary>"1 key: a" or "130 keys: a, b, c, ...".</summary>
    public static string Count<T>(IReadOnlyCollection<T> items) =>
        $"{(items.Count == 1 ? "1 key" : $"{items.Count} keys")}: {List(items)}";

    /// <summary>The first few, then "..." when there are more.</summary>
    public static string List<T>(IReadOnlyCollection<T> items) =>
        string.Join(", ", items.Take(Listed).Select(item => One(item?.ToString() ?? "None"))) + (items.Count > Listed ? ", ..." : "");

    /// <summary>One name with control characters escaped, cut at a readable length.</summary>
    public static string One(string name)
    {
        var escaped = Escaped(name, MaxLength + 1);
        return escaped.Length <= MaxLength ? escaped : escaped[..MaxLength] + "...";
    }

    /// <summary>
    /// A path from a file (a config's OUTPUT) with control characters escaped and, beyond a length no real path
    /// reaches, its start and end around "...": a crafted megabyte-long path was a message of twenty thousand lines.
    /// </summary>
    public static string Path(string path) => Shortened(Escaped(path), 200);

    /// <summary>
    /// A whole line for the console, the last guard of what reaches a terminal whatever a message holds (a name no check
    /// foresaw): control characters escaped, so no ANSI escape, carriage return or line break goes out raw, and beyond a
    /// length no message of ours reaches, its start and end.
    /// </summary>
    public static string Line(string text) => Shortened(Escaped(text), 2000);

    /// <summary>
    /// The message of an I/O failure, which .NET writes with the whole path in it: escaped and bounded as a path, or for a
    /// path too long for the system just that (the caller's message names the path, shown short).
    /// </summary>
    public static string IoMessage(Exception e) => e is PathTooLongException ? "the path is too long" : Path(e.Message);

    /// <summary>The start and end <paramref name="kept"/> characters each around "..." when the text is longer.</summary>
    static string Shortened(string text, int kept) => text.Length <= 2 * kept + 3 ? text : $"{text[..kept]}...{text[^kept..]}";

    /// <summary>Control characters as \\xNN; stops once the result has <paramref name="length"/> characters (a name can be megabytes long).</summary>
    static string Escaped(string text, int length = int.MaxValue)
    {
        var escaped = new System.Text.StringBuilder();
        foreach (char c in text)
        {
            if (escaped.Length >= length) break;
            if (char.IsControl(c)) escaped.Append($"\\x{(int)c:x2}");
            else escaped.Append(c);
        }
        return escaped.ToString();
    }

    /// <summary>The first line of an exception message that no check foresaw: a native error carries a whole backtrace.</summary>
    public static string FirstLine(string message) => One(message.Split('\n')[0].Trim());
}
