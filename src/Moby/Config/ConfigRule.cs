namespace Moby.Config;

/// <summary>
/// One check of a configuration: the key it is about, what it expects (in words, for the message and the docs)
/// and whether a tree meets it. <see cref="Range"/> is set for single-number rules, so command-line options that
/// stand for the key can reuse it; <see cref="Other"/> names the key a relation compares with.
/// </summary>
internal sealed record ConfigRule(string Key, string Expected, Func<ConfigTree, bool> Holds, ValueRange? Range = null, string? Other = null)
{
    public static ConfigRule Number(string key, ValueRange range) =>
        new(key, range.ToString(), tree => range.Contains(tree.Double(key)), range);

    /// <summary>A list of <paramref name="min"/> to <paramref name="max"/> numbers, each in <paramref name="each"/>.</summary>
    public static ConfigRule List(string key, int min, int max, ValueRange each) => new(key,
        $"{(min == max ? $"a list of {min}" : $"a list of {min} to {max}")} numbers, each {each}",
        tree => tree.Doubles(key) is var items && items.Length >= min && items.Length <= max && items.All(each.Contains));

    /// <summary>A [low, high] pair whose first number is not above the second.</summary>
    public static ConfigRule Ascending(string key) =>
        new(key, "[low, high] with low <= high", tree => tree.Doubles(key) is [var low, var high] && low <= high);

    /// <summary>A list in strictly increasing order (epochs at which a schedule steps).</summary>
    public static ConfigRule Increasing(string key) =>
        new(key, "in increasing order", tree => tree.Doubles(key) is var items && items.Zip(items.Skip(1)).All(p => p.First < p.Second));

    public static ConfigRule AtMost(string key, string other) =>
        new(key, $"at most {other}", tree => tree.Double(key) <= tree.Double(other), Other: other);

    /// <summary>A text value that <paramref name="valid"/> accepts, described by <paramref name="expected"/>.</summary>
    public static ConfigRule Matches(string key, string expected, Func<string, bool> valid) => new(key, expected, tree => valid(tree.String(key)));

    /// <summary>
    /// A name that becomes one folder of the run folder's path (OUTPUT/MODEL.NAME/TAG): a name with a separator or '..'
    /// would put the run, and every file it writes, outside OUTPUT; 255 bytes is the longest name a file system takes.
    /// </summary>
    public static ConfigRule FolderName(string key) => new(key,
        "one plain folder name (1 to 255 bytes; not '.' or '..'; no slash, backslash or control character)",
        tree => IsFolderName(tree.String(key)));

    private static bool IsFolderName(string name) =>
        name.Length > 0 && name is not ("." or "..") && System.Text.Encoding.UTF8.GetByteCount(name) <= 255 &&
        !name.Any(c => c is '/' or '\\' || char.IsControl(c));

    public static ConfigRule OneOf(string key, params string[] values) =>
        new(key, string.Join(" or ", values.Select(v => $"'{v}'")), tree => values.Contains(tree.String(key)));
}
