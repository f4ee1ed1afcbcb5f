using Moby.Data;
using Moby.Runs;
using Moby.Tests.Data;
using Moby.Training;
using Xunit;

namespace Moby.Tests.Segmentation;

/// <summary>
/// segment train checks its validation images before it trains, from the sizes their headers declare: one whose class
/// scores could not be held, or whose header cannot be read, stopped the run at its first validation (and every resume
/// there again) after the training had been paid for.
/// </summary>
public class ValidationSizeTests
{
    /// <summary>The tiny scenes with one more validation image, <paramref name="name"/> (its label map a copy of another's).</summary>
    private static string WithValidationImage(TempDir dir, string name, byte[] bytes)
    {
        string scenes = TinyScenes.Write(dir, train: 4);
        File.WriteAllBytes(Path.Combine(scenes, "images", "validation", name), bytes);
        File.Copy(Path.Combine(scenes, "annotations", "validation", "000000.png"),
                  Path.Combine(scenes, "annotations", "validation", Path.ChangeExtension(name, ".png")));
        return scenes;
    }

    private static void AssertNothingTrained(TempDir dir) => Assert.Empty(Directory.EnumerateFiles(dir.Path, "*.pth", SearchOption.AllDirectories));

    [Fact]
    public void AValidationImageWhoseClassScoresCannotBeHeldIsRefusedBeforeTraining()
    {
        using var dir = new TempDir();
        // Its header declares 30000 x 30000 (11 classes x 900 megapixels x 4 bytes: 37.7 GiB of scores); its data stops after a few rows.
        string scenes = WithValidationImage(dir, "zz_big.png", CraftedPng.Declaring(30000, 30000));
        var tree = TinyScenes.Tree(scenes, dir.Path, "big", 2, "MOBYNET.MAX_IMAGE_PIXELS=1000000000");
        var e = Assert.Throws<DataException>(() => SegmentationRun.Train(tree, TestMemory.TwoGiBPerImage, weights: null, fromScratch: true, new Observers()));
        Assert.Equal($"image '{Path.Combine(scenes, "images", "validation", "zz_big.png")}' (30000 x 30000) needs 37765 MiB of class scores " +
                     "(11 classes x its pixels x 4 bytes), more than the 2048 MiB segmentation inference holds per image: resize it", e.Message);
        AssertNothingTrained(dir);
    }

    [Fact]
    public void AValidationImageWhoseHeaderCannotBeReadIsRefusedBeforeTrainingNamingIt()
    {
        using var dir = new TempDir();
        string scenes = WithValidationImage(dir, "zz_text.png", "not an image"u8.ToArray());
        var tree = TinyScenes.Tree(scenes, dir.Path, "text", 2);
        var e = Assert.Throws<ImageDecodeException>(() => SegmentationRun.Train(tree, TestMemory.TwoGiBPerImage, weights: null, fromScratch: true, new Observers()));
        Assert.StartsWith($"cannot decode image '{Path.Combine(scenes, "images", "validation", "zz_text.png")}': its header does not read as", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        AssertNothingTrained(dir);
    }
}
