using System.Text.Json;
using Moby.Backbones.Swin;
using Moby.Backbones.Vit;
using Moby.Config;
using Moby.Data;
using Moby.Runs;
using Xunit;

namespace Moby.Tests.Config;

/// <summary>
/// Each default is written once. The recipe records (TrainingSettings, MoBYConfig, SslAugmentationOptions) have none of
/// their own and are read from defaults.yaml; the backbone records keep C# defaults (a user builds them without any
/// configuration), and defaults.yaml is checked against those here
/// (ImageDecodeOptions.DefaultMaxPixels in ImageSizeLimitTests).
/// </summary>
public class DefaultsTests
{
    [Fact]
    public void TheSwinConfigDefaultsAreTheConfigurationsSwin()
    {
        var fromYaml = ModelConfigs.Encoder(ConfigTree.Defaults());
        Assert.Equal(Json(new SwinConfig()), Json(Assert.IsType<SwinConfig>(fromYaml)));
    }

    [Fact]
    public void TheVitConfigDefaultsAreTheConfigurationsVit()
    {
        var fromYaml = ModelConfigs.Encoder(ConfigTree.Load(null, ["MODEL.MOBY.ENCODER=vit"]));
        Assert.Equal(Json(new VitConfig()), Json(Assert.IsType<VitConfig>(fromYaml)));
    }

    [Fact]
    public void TheBackbonesDropPathDefaultIsTheConfigurations()
    {
        var tree = ConfigTree.Defaults();
        Assert.Equal(tree.Double("MODEL.DROP_PATH_RATE"), new SwinConfig().DropPathRate);
        Assert.Equal(tree.Double("MODEL.DROP_PATH_RATE"), new VitConfig().DropPathRate);
    }

    [Fact]
    public void TheAugmentationDefaultsAreTheOfficialByolValues()
    {
        var aug = TrainingData.Augmentation(ConfigTree.Defaults(), 224);
        Assert.Equal((0.08, 1.0, 0.75, 4.0 / 3.0), (aug.ScaleMin, aug.ScaleMax, aug.RatioMin, aug.RatioMax));
        Assert.Equal(new ColorJitterOptions(0.4, 0.4, 0.2, 0.1), aug.ColorJitter);
        Assert.Equal((0.1, 2.0), (aug.BlurSigmaMin, aug.BlurSigmaMax));
        Assert.Equal(new ViewOptions { FlipP = 0.5, ColorJitterP = 0.8, GrayscaleP = 0.2, BlurP = 1.0, SolarizeP = 0.0 }, aug.View1);
        Assert.Equal(new ViewOptions { FlipP = 0.5, ColorJitterP = 0.8, GrayscaleP = 0.2, BlurP = 0.1, SolarizeP = 0.2 }, aug.View2);
    }

    private static string Json(object config) => JsonSerializer.Serialize(config, config.GetType());
}
