namespace Moby.Tests.Config;

/// <summary>Config files written by tests, each in its own temporary folder.</summary>
public static class ConfigFiles
{
    public static string Write(string text, string name = "config.yaml")
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("moby-config-").FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
