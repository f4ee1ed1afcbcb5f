using System.Collections;
using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
using Moby.Interop;
using Moby.IO;

namespace Moby.Config;

/// <summary>
/// Reads the YAML that configurations may use: plain nested mappings, lists and scalars, within limits. Anchors and
/// aliases are refused (a few hundred bytes of aliases expand to gigabytes, and no official config uses them) and
/// nesting is bounded while the parser streams events, before YamlDotNet's node builder recurses into them.
/// </summary>
internal static class ConfigYaml
{
    /// <summary>Largest config file or --opt value read (official configs are under 2 KB).</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>Deepest nesting of mappings and lists (the official tree is 3 levels deep).</summary>
    public const int MaxDepth = 64;

    /// <summary>Most values in a configuration taken from a checkpoint (the official tree has about 120).</summary>
    public const int MaxValues = 100_000;

    /// <summary>
    /// The first document's root node of a config file, or null when the file holds no document. Reads at most
    /// <see cref="MaxBytes"/> characters whatever the file claims to be (a device such as /dev/zero reports length 0).
    /// </summary>
    public static YamlNode? ReadFile(string path)
    {
        string TooLarge() => $"{ShownNames.Path(path)}: too large for a config file (limit {MaxBytes} bytes).";
        string text;
        try
        {
            FileKind.RequireRegular(path, reason => new ConfigException($"{ShownNames.Path(path)}: {reason}; expected a YAML config file."));
            if (new FileInfo(path).Length > MaxBytes) throw new ConfigException(TooLarge());
            using var reader = new StreamReader(path);
            var buffer = new char[MaxBytes + 1];
            int count = reader.ReadBlock(buffer, 0, buffer.Length);
            if (count > MaxBytes) throw new ConfigException(TooLarge());
            text = new string(buffer, 0, count);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{ShownNames.Path(path)}: cannot read the config file: {ShownNames.IoMessage(e)}");
        }
        return Parse(text, path);
    }

    /// <summary>
    /// The first document's root node of <paramref name="text"/>; errors start with <paramref name="source"/> and,
    /// when <paramref name="withLines"/>, the line.
    /// </summary>
    public static YamlNode? Parse(string text, string source, bool withLines = true)
    {
        if (text.Length > MaxBytes) throw new ConfigException($"{ShownNames.Path(source)}: {text.Length} characters is too long (limit {MaxBytes}).");
        string Where(Mark mark) => withLines ? $"{ShownNames.Path(source)}:{mark.Line}" : ShownNames.Path(source);
        var yaml = new YamlStream();
        var parser = new GuardedParser(new Parser(new StringReader(text)), Where);
        try
        {
            yaml.Load(parser);
        }
        catch (YamlException e)
        {
            throw new ConfigException($"{Where(e.Start)}: not valid YAML: {ShownNames.Path(e.InnerException?.Message ?? e.Message)}");
        }
        catch (Exception e) when (e is not ConfigException)
        {
            // Only YamlDotNet runs here; on some malformed input it fails without a YamlException (an
            // InvalidOperationException from the scanner, an ArgumentException from the node builder).
            throw new ConfigException($"{Where(parser.Last)}: not valid YAML after this line ({ShownNames.Path(e.Message)})");
        }
        return yaml.Documents.Count == 0 ? null : yaml.Documents[0].RootNode;
    }

    /// <summary>
    /// Nested dictionaries and lists (e.g. a checkpoint's "config" entry) as YAML nodes, with the same depth limit
    /// and at most <see cref="MaxValues"/> values: shared references in a crafted pickle would otherwise expand here.
    /// Strings stay strings; numbers and booleans are written as YAML reads them; anything else is named by its type.
    /// </summary>
    public static YamlMappingNode FromValues(IReadOnlyDictionary<string, object?> values, string source)
    {
        int count = 0;
        YamlNode Node(object? value, int depth)
        {
            if (++count > MaxValues) throw new ConfigException($"{ShownNames.Path(source)}: more than {MaxValues} values in the configuration.");
            if (depth > MaxDepth) throw new ConfigException($"{ShownNames.Path(source)}: the configuration is nested more than {MaxDepth} levels deep.");
            return value switch
            {
                null => new YamlScalarNode("null"),
                string text => new YamlScalarNode(text) { Style = ScalarStyle.SingleQuoted },
                bool flag => new YamlScalarNode(flag ? "true" : "false"),
                byte[] => new YamlScalarNode("<bytes>") { Style = ScalarStyle.SingleQuoted },
                IDictionary map => Mapping(map, depth),
                IList list => new YamlSequenceNode(list.Cast<object?>().Select(item => Node(item, depth + 1))),
                IConvertible number when number.GetTypeCode() is >= TypeCode.SByte and <= TypeCode.Decimal =>
                    new YamlScalarNode(number.ToString(CultureInfo.InvariantCulture)),
                _ => new YamlScalarNode($"<{value.GetType().Name}>") { Style = ScalarStyle.SingleQuoted },
            };
        }
        YamlMappingNode Mapping(IDictionary map, int depth)
        {
            var node = new YamlMappingNode();
            foreach (DictionaryEntry entry in map)
            {
                var key = new YamlScalarNode(Convert.ToString(entry.Key, CultureInfo.InvariantCulture));
                if (node.Children.ContainsKey(key)) throw new ConfigException($"{ShownNames.Path(source)}: the key '{ShownNames.One(key.Value ?? "")}' appears twice in the configuration.");
                node.Add(key, Node(entry.Value, depth + 1));
            }
            return node;
        }
        return Mapping(values.ToDictionary(kv => kv.Key, kv => kv.Value), 0);
    }

    /// <summary>Passes parser events through, refusing anchors, aliases and nesting deeper than <see cref="MaxDepth"/>.</summary>
    private sealed class GuardedParser(IParser inner, Func<Mark, string> locate) : IParser
    {
        private int depth;

        /// <summary>Where the last event started, for errors that YamlDotNet raises without a position.</summary>
        public Mark Last { get; private set; } = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (!inner.MoveNext()) return false;
            var current = inner.Current!;
            Last = current.Start;
            string where = locate(current.Start);
            if (current is AnchorAlias)
                throw new ConfigException($"{where}: YAML aliases (*name) are not allowed in configs; write the value out.");
            if (current is NodeEvent { Anchor.IsEmpty: false })
                throw new ConfigException($"{where}: YAML anchors (&name) are not allowed in configs; write the value out.");
            if (current is MappingStart or SequenceStart && ++depth > MaxDepth)
                throw new ConfigException($"{where}: nested more than {MaxDepth} levels deep.");
            if (current is MappingEnd or SequenceEnd) depth--;
            return true;
        }
    }
}
