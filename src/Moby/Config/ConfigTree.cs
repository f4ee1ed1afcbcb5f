using System.Globalization;
using Moby.Interop;
using YamlDotNet.RepresentationModel;

namespace Moby.Config;

/// <summary>
/// The official MoBY configuration tree (yacs-style): every key has a default (Config/defaults.yaml: the
/// official config.py values, plus our MOBYNET section), YAML files override them (after their BASE files),
/// then KEY=VALUE options. Unknown keys, values of the wrong type and values outside their range
/// (<see cref="ConfigRules"/>) are errors naming the key and the source.
/// </summary>
public sealed class ConfigTree
{
    private readonly Dictionary<string, object?> root;

    /// <summary>Where each key set by a file, an option or a checkpoint got its value ("file:line", "--opt KEY=VALUE"), for messages.</summary>
    private readonly Dictionary<string, string> origins = [];

    private ConfigTree(Dictionary<string, object?> root) => this.root = root;

    /// <summary>The defaults alone.</summary>
    public static ConfigTree Defaults()
    {
        using var stream = typeof(ConfigTree).Assembly.GetManifestResourceStream("Moby.Config.defaults.yaml")!;
        using var reader = new StreamReader(stream);
        var mapping = (YamlMappingNode)ConfigYaml.Parse(reader.ReadToEnd(), "defaults.yaml")!;
        return new ConfigTree((Dictionary<string, object?>)Typed(ToPlain(mapping, "defaults.yaml"))!);
    }

    /// <summary>Defaults, then the file (with its BASE files), then the overrides; then every rule of <see cref="ConfigRules"/>.</summary>
    public static ConfigTree Load(string? path, IEnumerable<string>? overrides = null)
    {
        var tree = Defaults();
        int files = 0;
        if (path != null) tree.MergeFile(FullPath(path, "config file"), [], ref files);
        foreach (var option in overrides ?? []) tree.Set(option);
        ConfigRules.Check(tree);
        return tree;
    }

    /// <summary>Defaults overridden by a configuration held as nested dictionaries (e.g. the "config" entry of a checkpoint), then checked.</summary>
    public static ConfigTree FromDictionary(IReadOnlyDictionary<string, object?> values, string source)
    {
        var tree = Defaults();
        tree.Merge(tree.root, ConfigYaml.FromValues(values, source), "", _ => source);
        ConfigRules.Check(tree);
        return tree;
    }

    /// <summary>A copy with more KEY=VALUE overrides applied (after this tree's), then checked; this tree is unchanged.</summary>
    public ConfigTree With(IEnumerable<string> overrides)
    {
        var copy = new ConfigTree((Dictionary<string, object?>)Copy(root)!);
        foreach (var (key, origin) in origins) copy.origins[key] = origin;
        foreach (var option in overrides) copy.Set(option);
        ConfigRules.Check(copy);
        return copy;
    }

    /// <summary>A copy with <paramref name="key"/> back at its default value, unchecked: what a key adds to an estimate (<see cref="Memory.RunMemory"/>).</summary>
    internal ConfigTree WithDefault(string key)
    {
        var copy = new ConfigTree((Dictionary<string, object?>)Copy(root)!);
        var (section, leaf) = copy.Locate(key, "config");
        var (defaults, _) = Defaults().Locate(key, "config");
        section[leaf] = Copy(defaults[leaf]);
        return copy;
    }

    private static object? Copy(object? value) => value switch
    {
        Dictionary<string, object?> map => map.ToDictionary(kv => kv.Key, kv => Copy(kv.Value)),
        List<object?> list => list.Select(Copy).ToList(),
        _ => value,
    };

    private static string FullPath(string path, string what)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ConfigException($"'{ShownNames.Path(path)}': not a usable {what} path: {ShownNames.IoMessage(e)}");
        }
    }

    /// <summary>Most files one load reads, BASE files included: a BASE list naming the same file twice at every level would double the reads per level.</summary>
    internal const int MaxFiles = 64;

    private void MergeFile(string path, HashSet<string> visiting, ref int files)
    {
        if (Directory.Exists(path)) throw new ConfigException($"{ShownNames.Path(path)} is a folder; expected a YAML config file.");
        if (!File.Exists(path)) throw new ConfigException($"Config file not found: {ShownNames.Path(path)}");
        if (!visiting.Add(path)) throw new ConfigException($"{ShownNames.Path(path)}: BASE files include each other in a cycle.");
        if (++files > MaxFiles) throw new ConfigException($"{ShownNames.Path(path)}: more than {MaxFiles} config files to read through BASE lists.");
        // An empty file is a mistake (a truncated copy, the wrong file): taken as "no keys", the run went on with the
        // defaults and failed on a key the user never wrote, without naming the file.
        var node = ConfigYaml.ReadFile(path) ?? throw new ConfigException($"{ShownNames.Path(path)}: the file holds no settings (it is empty or only comments); expected a YAML config file with keys (MODEL, DATA, TRAIN, ...).");
        var mapping = node as YamlMappingNode ?? throw new ConfigException($"{ShownNames.Path(path)}: the top level must be a mapping of keys.");
        if (mapping.Children.TryGetValue(new YamlScalarNode("BASE"), out var bases))
            foreach (var b in BaseFiles(bases, path))
                MergeFile(FullPath(Path.Combine(Path.GetDirectoryName(path)!, b), $"BASE file (in {ShownNames.Path(path)})"), visiting, ref files);
        Merge(root, mapping, "", n => $"{ShownNames.Path(path)}:{n.Start.Line}");
        visiting.Remove(path);
    }

    private static IEnumerable<string> BaseFiles(YamlNode node, string path) => node switch
    {
        YamlSequenceNode list => list.Children.Select(c => c is YamlScalarNode scalar && !IsNumberOrBoolean(scalar) ? scalar.Value ?? "" : throw NotFileNames(c, path))
                                              .Where(v => v.Length > 0),
        YamlScalarNode scalar when IsNumberOrBoolean(scalar) => throw NotFileNames(node, path),
        YamlScalarNode scalar when !string.IsNullOrEmpty(scalar.Value) => [scalar.Value],
        YamlScalarNode => [],
        _ => throw NotFileNames(node, path),
    };

    /// <summary>An unquoted number or true/false: YAML reads it as such, so it is a slip, not a file name ('BASE: 5' was looked for as the file '5').</summary>
    private static bool IsNumberOrBoolean(YamlScalarNode scalar) =>
        scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is { Length: > 0 } v &&
        (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || v.ToLowerInvariant() is "true" or "false" or ".inf" or "-.inf" or ".nan");

    private static ConfigException NotFileNames(YamlNode node, string path) =>
        new($"{ShownNames.Path(path)}:{node.Start.Line}: BASE must be a file name or a list of file names, got {(node is YamlScalarNode { Value: var v } ? ShownNames.One(v ?? "") : "a " + (node is YamlSequenceNode ? "list" : "mapping"))}.");

    private void Merge(Dictionary<string, object?> target, YamlMappingNode mapping, string prefix, Func<YamlNode, string> locate)
    {
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            string where = locate(keyNode);
            string key = KeyText(keyNode, where);
            string full = prefix + key;
            if (full == "BASE") continue;
            if (!target.TryGetValue(key, out var current))
                throw new ConfigException($"{where}: unknown key '{ShownNames.One(full)}'. Known keys{(prefix.Length > 0 ? $" in {prefix.TrimEnd('.')}" : "")}: {string.Join(", ", target.Keys)}.");
            if (current is Dictionary<string, object?> section)
            {
                if (valueNode is not YamlMappingNode child) throw new ConfigException($"{where}: '{ShownNames.One(full)}' is a section; expected keys under it.");
                Merge(section, child, full + ".", locate);
            }
            else
            {
                target[key] = Coerce(current, ToPlain(valueNode, where), full, where);
                origins[full] = where;
            }
        }
    }

    /// <summary>Applies one "KEY.PATH=VALUE" override (VALUE in YAML syntax, e.g. 0.5, true, [2, 2, 6]); errors name the key and the value.</summary>
    private void Set(string option)
    {
        int eq = option.IndexOf('=');
        if (eq <= 0) throw new ConfigException($"--opt '{ShownNames.One(option)}': expected KEY=VALUE, e.g. TRAIN.EPOCHS=10.");
        string key = option[..eq].Trim(), text = option[(eq + 1)..];
        string where = $"--opt {ShownNames.One($"{key}={text}")}"; // an option is quoted cut short and on one line, as it may be anything
        var (section, leaf) = Locate(key, where);
        var node = ConfigYaml.Parse(text.Length == 0 ? "''" : text, where, withLines: false);
        section[leaf] = Coerce(section[leaf], node is null ? null : ToPlain(node, where), key, where);
        origins[key] = where;
    }

    /// <summary>A KEY=VALUE override that sets a text key to exactly <paramref name="text"/> (quoted, so ':' or '#' stay text).</summary>
    public static string TextOption(string key, string text) => $"{key}='{text.Replace("'", "''")}'";

    private (Dictionary<string, object?> Section, string Leaf) Locate(string key, string where)
    {
        var parts = key.Split('.');
        var section = root;
        for (int i = 0; i < parts.Length; i++)
        {
            if (!section.TryGetValue(parts[i], out var value))
                throw new ConfigException($"{where}: unknown key '{ShownNames.One(key)}'. Known keys{(i > 0 ? $" in {string.Join('.', parts[..i])}" : "")}: {string.Join(", ", section.Keys)}.");
            if (i == parts.Length - 1)
            {
                if (value is Dictionary<string, object?>) throw new ConfigException($"{where}: '{ShownNames.One(key)}' is a section, not a value.");
                return (section, parts[i]);
            }
            section = value as Dictionary<string, object?> ?? throw new ConfigException($"{where}: '{ShownNames.One(string.Join('.', parts[..(i + 1)]))}' is a value, not a section.");
        }
        throw new ConfigException($"{where}: empty key.");
    }

    /// <summary>Converts a parsed YAML value to the type of the default it replaces.</summary>
    private static object? Coerce(object? current, object? value, string key, string where)
    {
        string Wrong(string expected) => $"{where}: '{ShownNames.One(key)}' expects {expected}, got '{ShownNames.One(Describe(value))}'.";
        switch (current)
        {
            case null: return value;
            case bool:
                return value is string s && bool.TryParse(s, out bool b) ? b : throw new ConfigException(Wrong("true or false"));
            case long: // every integer key is read as an int
                return value is string i && int.TryParse(i, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? (long)n
                    : throw new ConfigException(Wrong($"an integer from {int.MinValue} to {int.MaxValue}"));
            case double:
                return value is string d && double.TryParse(d, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x) ? x
                    : throw new ConfigException(Wrong("a finite number"));
            case string:
                return value is string str ? str : value is null ? "" : throw new ConfigException(Wrong("a string"));
            case List<object?> list:
                if (value is not List<object?> items) throw new ConfigException(Wrong("a list"));
                // An empty default list (optional per-stage or per-class numbers) takes numbers: integers stay integers.
                return list.Count > 0 ? items.Select((item, n) => Coerce(list[0], item, $"{key}[{n}]", where)).ToList()
                    : items.Select(Typed).All(v => v is long or double) ? items.Select(Typed).ToList() : throw new ConfigException(Wrong("a list of numbers"));
            default: throw new InvalidOperationException($"Unexpected default type for {key}.");
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        List<object?> list => "[" + string.Join(", ", list.Select(Describe)) + "]",
        Dictionary<string, object?> => "a section",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>YAML node to plain values: scalars become typed leaves (defaults) or raw strings (files, coerced later).</summary>
    private static object? ToPlain(YamlNode node, string where) => node switch
    {
        YamlMappingNode map => ToDictionary(map, where),
        YamlSequenceNode seq => seq.Children.Select(c => ToPlain(c, where)).ToList(),
        YamlScalarNode scalar => ScalarValue(scalar),
        _ => null,
    };

    private static Dictionary<string, object?> ToDictionary(YamlMappingNode map, string where)
    {
        var result = new Dictionary<string, object?>();
        foreach (var (key, value) in map.Children)
            if (!result.TryAdd(KeyText(key, where), ToPlain(value, where)))
                throw new ConfigException($"{where}: the key '{ShownNames.One(KeyText(key, where))}' appears twice.");
        return result;
    }

    private static string KeyText(YamlNode key, string where) =>
        key is YamlScalarNode scalar ? scalar.Value ?? "" : throw new ConfigException($"{where}: a key must be a plain name, not a list or a mapping.");

    private static object? ScalarValue(YamlScalarNode scalar)
    {
        string? text = scalar.Value;
        if (scalar.Style is YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted) return text ?? "";
        if (text is null or "null" or "~" or "") return null;
        return text;
    }

    /// <summary>Gives defaults their types: the defaults file is parsed with the same reader, so its leaves are typed here once.</summary>
    private static object? Typed(object? value) => value switch
    {
        Dictionary<string, object?> map => map.ToDictionary(kv => kv.Key, kv => Typed(kv.Value)),
        List<object?> list => list.Select(Typed).ToList(),
        string s when bool.TryParse(s, out bool b) => b,
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l) => l,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
        _ => value,
    };

    // ----- typed access -----

    private object? Value(string key) { var (section, leaf) = Locate(key, "config"); return section[leaf]; }

    /// <summary>Where the key's value came from: "file:line", "--opt KEY", a checkpoint, or the defaults.</summary>
    public string Origin(string key) => origins.GetValueOrDefault(key, DefaultOrigin);

    internal const string DefaultOrigin = "default value";

    /// <summary>
    /// The key's value as messages show it, on one short line whatever a file holds: a text quoted, escaped and cut
    /// short; a long list as its first items and its length (a crafted DEPTHS of a thousand values was an 81-line message).
    /// </summary>
    public string Show(string key) => Shown(Value(key));

    private const int ListedValues = 8;

    private static string Shown(object? value) => value switch
    {
        string text => $"'{ShownNames.One(text)}'",
        List<object?> { Count: > ListedValues } list =>
            $"[{string.Join(", ", list.Take(ShownNames.Listed).Select(Shown))}, ...] ({list.Count} values)",
        List<object?> list => "[" + string.Join(", ", list.Select(Shown)) + "]",
        _ => ShownNames.One(Describe(value)),
    };
    /// <summary>The key's text value.</summary>
    /// <param name="key">A dotted key, e.g. <c>TRAIN.BASE_LR</c>.</param>
    /// <exception cref="ConfigException">The tree has no such key.</exception>
    public string String(string key) => (string)Value(key)!;
    /// <summary>The key's integer value.</summary>
    /// <param name="key">A dotted key, e.g. <c>TRAIN.BASE_LR</c>.</param>
    /// <exception cref="ConfigException">The tree has no such key.</exception>
    public int Int(string key) => checked((int)(long)Value(key)!);
    /// <summary>The key's number value (an integer too).</summary>
    /// <param name="key">A dotted key, e.g. <c>TRAIN.BASE_LR</c>.</param>
    /// <exception cref="ConfigException">The tree has no such key.</exception>
    public double Double(string key) => Value(key) is long l ? l : (double)Value(key)!;
    /// <summary>The key's true/false value.</summary>
    /// <param name="key">A dotted key, e.g. <c>TRAIN.BASE_LR</c>.</param>
    /// <exception cref="ConfigException">The tree has no such key.</exception>
    public bool Bool(string key) => (bool)Value(key)!;
    /// <summary>The key's list of integers.</summary>
    /// <param name="key">A dotted key, e.g. <c>TRAIN.BASE_LR</c>.</param>
    /// <exception cref="ConfigException">The tree has no such key.</exception>
    public int[] Ints(string key) => ((List<object?>)Value(key)!).Select(v => checked((int)(long)v!)).ToArray();
    /// <summary>The key's list of numbers.</summary>
    /// <param name="key">A dotted key, e.g. <c>TRAIN.BASE_LR</c>.</param>
    /// <exception cref="ConfigException">The tree has no such key.</exception>
    public double[] Doubles(string key) => ((List<object?>)Value(key)!).Select(v => v is long l ? l : (double)v!).ToArray();

    /// <summary>The whole tree as nested dictionaries (for YAML dumps and checkpoints).</summary>
    public IReadOnlyDictionary<string, object?> AsDictionary() => root;

    /// <summary>The resolved configuration as YAML.</summary>
    public string ToYaml() => new YamlDotNet.Serialization.SerializerBuilder().Build().Serialize(root);
}
