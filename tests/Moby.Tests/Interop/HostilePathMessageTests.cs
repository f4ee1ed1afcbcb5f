using Moby.Config;
using Moby.Data;
using Moby.Data.Detection;
using Moby.Data.Segmentation;
using Moby.Interop;
using Moby.Runs;
using Xunit;

namespace Moby.Tests.Interop;

/// <summary>
/// A path given to the library (typed on a command line, or in a config) goes into its error messages escaped and short
/// (<see cref="ShownNames.Path"/>): an ANSI escape, a carriage return or a line break in it reached the terminal raw,
/// and a path of a hundred thousand characters was a message of as many.
/// </summary>
public class HostilePathMessageTests
{
    /// <summary>Control characters, then more characters than any message should hold.</summary>
    internal static readonly string Crafted = "/nonexistent/a\u001b[2J\rb\nc\u0007" + new string('x', 100_000);

    public static TheoryData<string> Readers => new()
    {
        "checkpoint", "config", "image folder", "flat folder", "idx folder", "cifar folder", "segmentation data", "detection data", "coco file",
        "image", "label map", "prediction folder",
    };

    [Theory]
    [MemberData(nameof(Readers))]
    public void APathInAnErrorIsEscapedAndShort(string reader)
    {
        var error = Assert.ThrowsAny<Exception>(() => Read(reader, Crafted));
        Assert.True(error is CheckpointFormatException or ConfigException or DataException, $"{error.GetType().Name}: {error.Message[..200]}");
        Assert.True(error.Message.Length < 1000, $"{error.Message.Length} characters");
        Assert.DoesNotContain(error.Message, char.IsControl);
        Assert.Contains("/nonexistent/a\\x1b[2J\\x0db\\x0ac\\x07xxx", error.Message);
    }

    private static void Read(string reader, string path)
    {
        switch (reader)
        {
            case "checkpoint": CheckpointFile.Read(path); break;
            case "config": ConfigTree.Load(path); break;
            case "image folder": DataSource.Parse($"imagefolder:{path}").Open(DataSplit.Train); break;
            case "flat folder": FlatFolder.Open(path, DataSplit.Unlabeled); break;
            case "idx folder": DataSource.Parse($"fashion-mnist:{path}").Open(DataSplit.Train); break;
            case "cifar folder": DataSource.Parse($"cifar10:{path}").Open(DataSplit.Train); break;
            case "segmentation data": SegmentationSource.Parse($"ade20k:{path}").Open(DataSplit.Train, false, ImageDecodeOptions.Default); break;
            case "detection data": DetectionSource.Parse($"coco:{path}").Open(DataSplit.Train, ImageDecodeOptions.Default, null); break;
            case "coco file": CocoFile.Read(path, CocoLimits.Default); break;
            case "image": ImageDecoder.DecodeFile(path); break;
            case "label map": LabelPng.Read(path, 1 << 20); break;
            case "prediction folder": PredictionFolder.Read(path, "/nonexistent/out", ImageDecodeOptions.Default, null); break;
        }
    }

    [Fact]
    public void AConsoleLineIsEscapedAndBounded()
    {
        string line = ShownNames.Line("a\u001b[31mb\nc" + new string('y', 10_000) + "end");
        Assert.StartsWith("a\\x1b[31mb\\x0acyyy", line);
        Assert.EndsWith("yyyend", line);
        Assert.True(line.Length <= 4003, $"{line.Length}");
        Assert.Equal("the path is too long", ShownNames.IoMessage(new PathTooLongException("The path '" + Crafted + "' is too long")));
    }
}
