namespace Moby.Reporting;

/// <summary>Writes a plot atomically, so a reader never sees half a PNG while a run redraws it.</summary>
internal static class PngFile
{
    public static void Save(ScottPlot.Plot plot, string path, int width, int height)
    {
        string temp = path + ".tmp.png";
        plot.SavePng(temp, width, height);
        File.Move(temp, path, overwrite: true);
    }
}
