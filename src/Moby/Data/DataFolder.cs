namespace Moby.Data;

/// <summary>A data folder's check before it is read: a file where a folder was expected is said to be one, not to be missing.</summary>
internal static class DataFolder
{
    /// <param name="named">The folder as the message names it, e.g. "image folder '/data/x'".</param>
    /// <param name="layout">The layout expected in it, for the message, e.g. "root/&lt;class&gt;/&lt;image&gt;".</param>
    public static void Require(string path, string named, string? layout = null)
    {
        if (Directory.Exists(path)) return;
        string expected = layout is null ? "" : $" (expected {layout})";
        throw new DataException(File.Exists(path) ? $"{named} is a file; expected a folder{(layout is null ? "" : $" holding {layout}")}"
                                                  : $"{named} does not exist{expected}");
    }
}
