namespace Moby.Data;

/// <summary>A data folder's check before it is read: a file where a folder was expected is said to be one, not to be missing.</summary>
internal static class DataFolder
{
    /// <param name="named">The folder as the message names it, e.g. "image folder '/data/x'".</param>
    /// <param name="expected">What follows the message, e.g. " (expected root/&lt;class&gt;/&lt;image&gt;)".</param>
    public static void Require(string path, string named, string expected = "")
    {
        if (Directory.Exists(path)) return;
        throw new DataException(File.Exists(path) ? $"{named} is a file; expected a folder{expected}" : $"{named} does not exist{expected}");
    }
}
