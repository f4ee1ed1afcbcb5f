namespace Moby.Tests;

/// <summary>Locates ../shared/golden (beside the repository, locally and in CI) and fails loudly when it is missing.</summary>
public static class GoldenFiles
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path(string name) => System.IO.Path.Combine(Root.Value, name);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.Combine(dir.FullName, "shared", "golden");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException(
            $"Golden fixtures not found: no 'shared/golden' folder above {AppContext.BaseDirectory}. " +
            "They must sit beside the repository (../shared/golden).");
    }
}
