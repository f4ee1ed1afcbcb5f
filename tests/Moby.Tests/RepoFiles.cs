namespace Moby.Tests;

/// <summary>Files of this repository (configs, docs), found by walking up from the test assembly.</summary>
public static class RepoFiles
{
    public static string Path(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Moby.slnx")))
                return System.IO.Path.Combine(dir.FullName, relative);
        throw new DirectoryNotFoundException("Repository root (Moby.slnx) not found above " + AppContext.BaseDirectory);
    }
}
