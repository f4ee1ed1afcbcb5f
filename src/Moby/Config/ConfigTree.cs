using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Moby.Config;

/// <summary>
/// The official MoBY configuration tree (yacs-style): every key has a default (Config/defaults.yaml: the
/// official config.py values, plus our MOBYNET section), YAML files override them (after their BASE files),
/// then KEY=VALUE options. Unknown keys and values of the wrong type are errors naming the key and the source.
/// </summary>
public sealed class ConfigTree
{
    private readonly Dictionary<string, object?> root;

    private ConfigTree(Dictionary<string, object?> root) => this.root = root;

    /// <summary>The defaults alone.</summary>
    public static ConfigTree Defaults()
    {
        using var stream = typeof(ConfigTree).Assembly.GetManifestResourceStream("Moby.Config.defaults.yaml")!;
        using var reader = new StreamReader(stream);
        var yaml = new YamlStream();
        yaml.Load(reader);
        return new ConfigTree((Dictionary<string, object?>)Typed(ToPlain(yaml.Documents[0].RootNode))!);
    }

    /// <summary>Defaults, then the file (with its BASE files), then the overrides.</summary>
    public static ConfigTree Load(string? path, IEnumerable<string>? overrides = null)
    {
        var tree = Defaults();
        if (path != null) tree.MergeFile(Path.GetFullPath(path), new HashSet<string>());
        foreach (var option in overrides ?? []) tree.Set(option);
        return tree;
    }

    /// <summary>Defaults overridden by a configuration held as nested dictionaries (e.g. the "config" entry of a checkpoint).</summary>
    public static ConfigTree FromDictionary(IReadOnlyDictionary<string, object?> values, string source)
    {
        var tree = Defaults();
        string yaml = new YamlDotNet.Serialization.SerializerBuilder().Build().Serialize(values);
        var mapping = Parse(new StringReader(yaml), source);
        if (mapping != null) Merge(tree.root, mapping, "", source);
        return tree;
    }

    private void MergeFile(string path, HashSet<string> visiting)
    {
        if (!File.Exists(path)) throw new ConfigException($"Config file not found: {path}");
        if (!visiting.Add(path)) throw new ConfigException($"{path}: BASE files include each other in a cycle.");
        using var reader = new StreamReader(path);
        var mapping = Parse(reader, path);
        if (mapping == null) return;
        if (mapping.Children.TryGetValue(new YamlScalarNode("BASE"), out var bases))
            foreach (var b in BaseFiles(bases, path))
                MergeFile(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, b)), visiting);
        Merge(root, mapping, "", path);
        visiting.Remove(path);
    }

    private static YamlMappingNode? Parse(TextReader reader, string source)
    {
        var yaml = new YamlStream();
        try
        {
            yaml.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ConfigException($"{source}:{e.Start.Line}: not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        if (yaml.Documents.Count == 0) return null;
        return yaml.Documents[0].RootNode as YamlMappingNode ?? throw new ConfigException($"{source}: the top level must be a mapping of keys.");
    }

    private static IEnumerable<string> BaseFiles(YamlNode node, string path) => node switch
    {
        YamlSequenceNode list => list.Children.Select(c => ((YamlScalarNode)c).Value ?? "").Where(v => v.Length > 0),
        YamlScalarNode scalar when !string.IsNullOrEmpty(scalar.Value) => [scalar.Value],
        YamlScalarNode => [],
        _ => throw new ConfigException($"{path}:{node.Start.Line}: BASE must be a list of file names."),
    };

    private static void Merge(Dictionary<string, object?> target, YamlMappingNode mapping, string prefix, string source)
    {
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            string key = ((YamlScalarNode)keyNode).Value ?? "";
            string full = prefix + key;
            if (full == "BASE") continue;
            string where = $"{source}:{keyNode.Start.Line}";
            if (!target.TryGetValue(key, out var current))
                throw new ConfigException($"{where}: unknown key '{full}'. Known keys{(prefix.Length > 0 ? $" in {prefix.TrimEnd('.')}" : "")}: {string.Join(", ", target.Keys)}.");
            if (current is Dictionary<string, object?> section)
            {
                if (valueNode is not YamlMappingNode child) throw new ConfigException($"{where}: '{full}' is a section; expected keys under it.");
                Merge(section, child, full + ".", source);
            }
            else target[key] = Coerce(current, ToPlain(valueNode), full, where);
        }
    }

    /// <summary>Applies one "KEY.PATH=VALUE" override (VALUE in YAML syntax, e.g. 0.5, true, [2, 2, 6]).</summary>
    public void Set(string option)
    {
        int eq = option.IndexOf('=');
        if (eq <= 0) throw new ConfigException($"--opt '{option}': expected KEY=VALUE, e.g. TRAIN.EPOCHS=10.");
        string key = option[..eq].Trim(), text = option[(eq + 1)..];
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text.Length == 0 ? "''" : text));
        var (section, leaf) = Locate(key, $"--opt {key}");
        section[leaf] = Coerce(section[leaf], ToPlain(yaml.Documents[0].RootNode), key, $"--opt {key}");
    }

    private (Dictionary<string, object?> Section, string Leaf) Locate(string key, string where)
    {
        var parts = key.Split('.');
        var section = root;
        for (int i = 0; i < parts.Length; i++)
        {
            if (!section.TryGetValue(parts[i], out var value))
                throw new ConfigException($"{where}: unknown key '{key}'. Known keys{(i > 0 ? $" in {string.Join('.', parts[..i])}" : "")}: {string.Join(", ", section.Keys)}.");
            if (i == parts.Length - 1)
            {
                if (value is Dictionary<string, object?>) throw new ConfigException($"{where}: '{key}' is a section, not a value.");
                return (section, parts[i]);
            }
            section = value as Dictionary<string, object?> ?? throw new ConfigException($"{where}: '{string.Join('.', parts[..(i + 1)])}' is a value, not a section.");
        }
        throw new ConfigException($"{where}: empty key.");
    }

    /// <summary>Converts a parsed YAML value to the type of the default it replaces.</summary>
    private static object? Coerce(object? current, object? value, string key, string where)
    {
        string Wrong(string expected) => $"{where}: '{key}' expects {expected}, got '{Describe(value)}'.";
        switch (current)
        {
            case null: return value;
            case bool:
                return value is string s && bool.TryParse(s, out bool b) ? b : throw new ConfigException(Wrong("true or false"));
            case long:
                return value is string i && long.TryParse(i, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l) ? l : throw new ConfigException(Wrong("an integer"));
            case double:
                return value is string d && double.TryParse(d, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) ? x : throw new ConfigException(Wrong("a number"));
            case string:
                return value is string str ? str : value is null ? "" : throw new ConfigException(Wrong("a string"));
            case List<object?> list:
                if (value is not List<object?> items) throw new ConfigException(Wrong("a list"));
                object? model = list.Count > 0 ? list[0] : null;
                return items.Select((item, n) => Coerce(model, item, $"{key}[{n}]", where)).ToList();
            default: throw new InvalidOperationException($"Unexpected default type for {key}.");
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        List<object?> list => "[" + string.Join(", ", list.Select(Describe)) + "]",
        Dictionary<string, object?> => "a section",
        _ => value.ToString() ?? "",
    };

    /// <summary>YAML node to plain values: scalars become typed leaves (defaults) or raw strings (files, coerced later).</summary>
    private static object? ToPlain(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value ?? "", c => ToPlain(c.Value)),
        YamlSequenceNode seq => seq.Children.Select(ToPlain).ToList(),
        YamlScalarNode scalar => ScalarValue(scalar),
        _ => null,
    };

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
    public string String(string key) => (string)Value(key)!;
    public int Int(string key) => checked((int)(long)Value(key)!);
    public double Double(string key) => Value(key) is long l ? l : (double)Value(key)!;
    public bool Bool(string key) => (bool)Value(key)!;
    public int[] Ints(string key) => ((List<object?>)Value(key)!).Select(v => checked((int)(long)v!)).ToArray();
    public double[] Doubles(string key) => ((List<object?>)Value(key)!).Select(v => v is long l ? l : (double)v!).ToArray();

    /// <summary>The whole tree as nested dictionaries (for YAML dumps and checkpoints).</summary>
    public IReadOnlyDictionary<string, object?> AsDictionary() => root;

    /// <summary>The resolved configuration as YAML.</summary>
    public string ToYaml() => new YamlDotNet.Serialization.SerializerBuilder().Build().Serialize(root);
}
