using System.Text;
using Moby.Config;
using Xunit;

namespace Moby.Tests.Config;

/// <summary>
/// Seeded fuzzing of the YAML config reader: truncated and mutated copies of the shipped configs (next to their BASE
/// files) must load or fail with a ConfigException that names the file, never with another exception.
/// </summary>
public class ConfigFuzzTests
{
    private const int Cases = 400;

    /// <summary>Characters and fragments that YAML gives a meaning to, plus a few that it refuses.</summary>
    private static readonly string[] Fragments =
    [
        "&a ", "*a", "[", "]", "{", "}", ": ", "- ", "#", "'", "\"", "!!python/object:os.system ", "!x ", "|", ">", "%YAML 1.1\n", "---\n",
        "? ", ",", "\t", "\n", "  ", "\0", "\u00ff", "\ud83d\ude00", "1e400", "-1", "nan", "0x10", "~", "<<: *a\n", "[[[[[[[[", "]]]]", "&b [*b]",
    ];

    [Fact]
    public void MutatedAndTruncatedConfigsEndInConfigExceptionOrALoadedTree()
    {
        var random = new Random(14);
        string dir = Directory.CreateTempSubdirectory("moby-config-fuzz-").FullName;
        var originals = Directory.GetFiles(RepoFiles.Path("configs"), "*.yaml").Select(File.ReadAllText).ToArray();
        foreach (var file in Directory.GetFiles(RepoFiles.Path("configs"), "*.yaml")) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        string path = Path.Combine(dir, "case.yaml");
        int loaded = 0, refused = 0;
        for (int n = 0; n < Cases; n++)
        {
            string text = Mutate(originals[random.Next(originals.Length)], random);
            File.WriteAllText(path, text);
            try
            {
                ConfigTree.Load(path);
                loaded++;
            }
            catch (ConfigException e)
            {
                Assert.True(e.Message.Contains(dir), $"case {n}: the message names no file: {e.Message}\n{text}");
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"case {n}: {e}\n--- input ---\n{text}");
            }
        }
        Assert.True(loaded > 0 && refused > 0, $"{loaded} loaded, {refused} refused");
    }

    private static string Mutate(string text, Random random)
    {
        int edits = 1 + random.Next(3);
        for (int i = 0; i < edits && text.Length > 0; i++)
        {
            int at = random.Next(text.Length);
            text = random.Next(5) switch
            {
                0 => text[..at], // truncated
                1 => text[..at] + Fragments[random.Next(Fragments.Length)] + text[at..],
                2 => text[..at] + (char)random.Next(1, 128) + text[Math.Min(at + 1, text.Length)..],
                3 => text.Remove(at, Math.Min(random.Next(1, 20), text.Length - at)),
                _ => DuplicateLine(text, at),
            };
        }
        return text;
    }

    private static string DuplicateLine(string text, int at)
    {
        int start = text.LastIndexOf('\n', Math.Max(at - 1, 0)) + 1, end = text.IndexOf('\n', at);
        string line = end < 0 ? text[start..] + "\n" : text[start..(end + 1)];
        return new StringBuilder(text).Insert(start, line).ToString();
    }
}
