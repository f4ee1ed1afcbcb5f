using System.Text.RegularExpressions;
using Xunit;

namespace Moby.Tests.Architecture;

/// <summary>
/// The library's folders (one namespace each: Moby.Training, Moby.Evaluation, ...) depend on each other without cycles,
/// so each can be understood, tested and later split into its own assembly from the bottom up. Read from the sources:
/// a folder depends on another when one of its files has <c>using Moby.X</c> or names <c>X.Type</c> / <c>Moby.X.Type</c>
/// for a type declared in X (the check of the type name keeps a property such as <c>Config.Temperature</c> out).
/// </summary>
public class NamespaceCycleTests
{
    private static readonly string Root = RepoFiles.Path("src/Moby");

    [Fact]
    public void LibraryFoldersDependOnEachOtherWithoutCycles()
    {
        var edges = Dependencies();
        var cycles = edges.SelectMany(e => e.Value.Select(to => (From: e.Key, To: to.Key, File: to.Value)))
            .Select(e => (e.From, e.To, e.File, Back: PathBetween(edges, e.To, e.From)))
            .Where(e => e.Back != null)
            .Select(e => $"{e.From} -> {string.Join(" -> ", e.Back!)} (first: {e.From} -> {e.To} in {e.File})")
            .ToList();
        Assert.True(cycles.Count == 0, "namespace cycles:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void TheScanSeesUsingsAndQualifiedNames()
    {
        var edges = Dependencies();
        Assert.Contains("Optim", edges["Training"].Keys);        // using Moby.Optim;
        Assert.Contains("Training", edges["Runs"].Keys);
        Assert.DoesNotContain("Config", edges["Ssl"].Keys);      // MoBY's property Config is no namespace
        Assert.Equal(["Interop", "Nn", "Torch"], edges["Backbones"].Keys.Order()); // SwinTransformer's property Config neither (Interop: ShownNames)
    }

    /// <summary>Folder to the folders it uses, each with the first file that does.</summary>
    private static Dictionary<string, Dictionary<string, string>> Dependencies()
    {
        var folders = Directory.GetDirectories(Root).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).Select(f => f!).ToList();
        var files = folders.ToDictionary(f => f, f => Directory.GetFiles(Path.Combine(Root, f), "*.cs", SearchOption.AllDirectories).Order().ToList());
        var declared = folders.ToDictionary(f => f, f => Declarations(f, files[f]));
        var qualified = new Regex($@"(?<![\w.])(?:Moby\.)?({string.Join('|', folders)})\.(\w+)");
        var usings = new Regex(@"^using (?:static )?Moby\.(\w+)", RegexOptions.Multiline);
        var edges = folders.ToDictionary(f => f, _ => new Dictionary<string, string>());
        foreach (var folder in folders)
            foreach (var file in files[folder])
            {
                string text = File.ReadAllText(file), name = Path.GetRelativePath(Root, file);
                var used = usings.Matches(text).Select(m => m.Groups[1].Value)
                    .Concat(qualified.Matches(text).Where(m => declared[m.Groups[1].Value].Contains(m.Groups[2].Value)).Select(m => m.Groups[1].Value));
                foreach (var other in used.Where(u => u != folder && folders.Contains(u)))
                    edges[folder].TryAdd(other, name);
            }
        return edges;
    }

    /// <summary>The types a folder declares and its sub-namespaces (Backbones.Swin), the names that may follow "Folder.".</summary>
    private static HashSet<string> Declarations(string folder, IEnumerable<string> files)
    {
        var type = new Regex(@"\b(?:class|record|struct|interface|enum)\s+(\w+)");
        var names = files.SelectMany(f => type.Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).ToHashSet();
        names.UnionWith(Directory.GetDirectories(Path.Combine(Root, folder)).Select(d => Path.GetFileName(d)));
        return names;
    }

    /// <summary>The folders on a dependency path from <paramref name="from"/> to <paramref name="to"/> (breadth first), or null.</summary>
    private static List<string>? PathBetween(Dictionary<string, Dictionary<string, string>> edges, string from, string to)
    {
        var previous = new Dictionary<string, string> { [from] = from };
        var queue = new Queue<string>([from]);
        while (queue.Count > 0)
        {
            var at = queue.Dequeue();
            if (at == to)
            {
                var path = new List<string> { to };
                while (path[0] != from) path.Insert(0, previous[path[0]]);
                return path;
            }
            foreach (var next in edges[at].Keys.Where(n => previous.TryAdd(n, at))) queue.Enqueue(next);
        }
        return null;
    }
}
