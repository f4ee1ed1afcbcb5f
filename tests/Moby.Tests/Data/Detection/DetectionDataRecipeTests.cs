using System.Text;
using Moby.Config;
using Moby.Data;
using Moby.Data.Detection;
using Moby.Runs;
using Xunit;

namespace Moby.Tests.Data.Detection;

/// <summary>MOBYNET.DET.* to the detection pipelines and data: the defaults are the Swin Mask R-CNN recipe's.</summary>
public class DetectionDataRecipeTests
{
    [Fact]
    public void DefaultsAreTheSwinMaskRcnnPipelines()
    {
        var tree = ConfigTree.Defaults();
        Assert.Equal(new DetectionAugmentOptions { LongMin = 1333, LongMax = 1333, ShortMin = 480, ShortMax = 800, FlipP = 0.5, Photometric = false, SizeDivisor = 32 },
                     DetectionDataRecipe.Training(tree));
        Assert.Equal(DetectionAugmentOptions.Test(1333, 800, 32), DetectionDataRecipe.Test(tree));
    }

    [Fact]
    public void KeysSetThePipelinesAndTheData()
    {
        using var dir = new TempDir();
        dir.File("s/images/validation/a.png", Moby.Data.Segmentation.LabelPng.Encode(new byte[16], 4, 4));
        dir.File("s/instances_validation.json", Encoding.UTF8.GetBytes("""{"images": [{"id": 1, "file_name": "a.png", "width": 4, "height": 4}], "categories": [{"id": 1}], "annotations": []}"""));
        var tree = ConfigTree.Load(null, ["MOBYNET.DET.LONG_EDGE=[64,96]", "MOBYNET.DET.SHORT_EDGE=[48,64]", "MOBYNET.DET.FLIP_P=0", "MOBYNET.DET.PHOTOMETRIC=true",
                                          "MOBYNET.DET.TEST_SCALE=[80,64]", "MOBYNET.DET.SIZE_DIVISOR=16", $"MOBYNET.DET.DATA=coco:{dir.File("s")}", "MOBYNET.DET.KEEP_EMPTY=true"]);
        Assert.Equal(new DetectionAugmentOptions { LongMin = 64, LongMax = 96, ShortMin = 48, ShortMax = 64, FlipP = 0, Photometric = true, SizeDivisor = 16 },
                     DetectionDataRecipe.Training(tree));
        Assert.Equal(DetectionAugmentOptions.Test(80, 64, 16), DetectionDataRecipe.Test(tree));
        var set = DetectionDataRecipe.Open(tree, null, DataSplit.Test, null);
        Assert.Equal([0], DetectionDataRecipe.TrainingIndices(tree, set));
        Assert.Empty(DetectionDataRecipe.TrainingIndices(ConfigTree.Defaults(), set));
    }

    [Fact]
    public void BadValuesAndMissingDataAreClearErrors()
    {
        Assert.Contains("MOBYNET.DET.SHORT_EDGE", Assert.Throws<ConfigException>(() => ConfigTree.Load(null, ["MOBYNET.DET.SHORT_EDGE=[800,480]"])).Message);
        Assert.Contains("MOBYNET.DET.SIZE_DIVISOR", Assert.Throws<ConfigException>(() => ConfigTree.Load(null, ["MOBYNET.DET.SIZE_DIVISOR=0"])).Message);
        Assert.Contains("MOBYNET.DET.DATA is empty", Assert.Throws<ConfigException>(() => DetectionDataRecipe.Open(ConfigTree.Defaults(), null, DataSplit.Train, null)).Message);
    }
}
