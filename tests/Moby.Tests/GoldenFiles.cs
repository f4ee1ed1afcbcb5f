namespace Moby.Tests;

/// <summary>Locates the golden fixtures in shared/golden, searching upwards from the test assembly.</summary>
public static class GoldenFiles
{
    static readonly Lazy<string> Folder = new(Find);

    /// <summary>The golden fixture folder; throws with a clear message when it cannot be found.</summary>
    public static string Directory => Folder.Value;

    /// <summary>The full path of a golden file, which must exist.</summary>
    public static string PathOf(string fileName)
    {
        var path = System.IO.Path.Combine(Directory, fileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Golden file '{fileName}' is missing from {Directory}.", path);
    }

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "golden");
            if (System.IO.Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException(
            $"No 'shared/golden' folder found in {AppContext.BaseDirectory} or any parent; the golden fixtures are expected next to the repository (../shared/golden).");
    }
}
