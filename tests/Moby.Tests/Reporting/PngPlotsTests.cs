using Moby.Reporting;
using Xunit;

namespace Moby.Tests.Reporting;

/// <summary>Moby.NET.Reporting's renderer writes each chart as a whole PNG file, replacing an older one.</summary>
public class PngPlotsTests
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void EveryChartIsAPngFileAndNoTemporaryFileRemains()
    {
        using var dir = new TempDir();
        var plots = new PngPlots();
        string[] classes = ["ant", "bee"];
        plots.Line(Path.Combine(dir.Path, "line.png"), "loss", "step", "loss", [(0, 2.0), (1, 1.5), (2, 1.2)]);
        plots.Confusion(Path.Combine(dir.Path, "confusion.png"), "confusion", classes, new double[,] { { 0.75, 0.25 }, { 0, 1 } });
        plots.Scatter(Path.Combine(dir.Path, "map.png"), "map", "PC 1", "PC 2", classes, [(0, 0), (1, 1), (2, 0)], [0, 1, 1]);
        dir.File("line.png", [1, 2, 3]); // an older file is replaced
        plots.Line(Path.Combine(dir.Path, "line.png"), "loss", "step", "loss", [(0, 2.0), (1, 1.5)]);

        foreach (var name in new[] { "line.png", "confusion.png", "map.png" })
            Assert.Equal(Signature, File.ReadAllBytes(Path.Combine(dir.Path, name))[..8]);
        Assert.Equal(3, Directory.GetFiles(dir.Path).Length);
    }
}
