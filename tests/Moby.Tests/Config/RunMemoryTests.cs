using Moby.Config;
using Moby.Config.Memory;
using Moby.Runs;
using Xunit;

namespace Moby.Tests.Config;

/// <summary>
/// A configuration whose every key is in range but whose product (model x batch x tokens ...) is enormous is refused
/// before anything is built, on one line naming the keys that size it and the estimate against the limit; every
/// shipped configuration fits a 24 GB machine.
/// </summary>
public class RunMemoryTests
{
    /// <summary>What this project's machines have (24 GB; the runtime sees 23.5 GiB).</summary>
    private static readonly MemoryLimit Machine24GB = MemoryLimit.OfMachine(23.5 * (1L << 30));

    /// <summary>The estimate of a kind of run, by name (the theories' data must be public).</summary>
    private static MemoryEstimate Estimate(string run) => run switch
    {
        "Encoder" => EncoderRuns.Encoder(),
        "Features" => EncoderRuns.Features(),
        "Pretraining" => EncoderRuns.Pretraining(),
        "Finetuning" => EncoderRuns.Finetuning(),
        "SegmentationTraining" => DenseRunMemory.Segmentation(training: true),
        "SegmentationInference" => DenseRunMemory.Segmentation(training: false),
        "DetectionTraining" => DenseRunMemory.Detection(training: true),
        "DetectionInference" => DenseRunMemory.Detection(training: false),
        _ => throw new ArgumentException(run),
    };

    public static TheoryData<string, string> ShippedUses()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in Directory.GetFiles(RepoFiles.Path("configs"), "*.yaml").Order())
        {
            string name = Path.GetFileName(path);
            foreach (var run in new[] { "Encoder", "Finetuning", "SegmentationInference", "DetectionInference" })
                data.Add(name, run);
            if (name.StartsWith("moby_") && !OfficialSwinT.Contains(name)) data.Add(name, "Pretraining");
            if (name.StartsWith("upernet")) data.Add(name, "SegmentationTraining");
            if (name.StartsWith("mask_rcnn")) data.Add(name, "DetectionTraining");
        }
        return data;
    }

    /// <summary>The official Swin-T recipes (batch 64 here, 224 px): MoBY pre-training needs about 30 GiB.</summary>
    private static readonly string[] OfficialSwinT = ["moby_swin_tiny.yaml", "moby_swin_tiny_bn.yaml"];

    [Theory]
    [MemberData(nameof(ShippedUses))]
    public void EveryShippedConfigFitsA24GBMachine(string config, string run) =>
        RunMemory.Check(ConfigTree.Load(RepoFiles.Path($"configs/{config}")), Estimate(run), Machine24GB);

    /// <summary>Pre-training with the official Swin-T recipes would be killed part of the way on a 24 GB machine: refused before it starts, naming the batch; a 32 GiB machine runs them.</summary>
    [Theory]
    [InlineData("moby_swin_tiny.yaml")]
    [InlineData("moby_swin_tiny_bn.yaml")]
    public void TheOfficialSwinTRecipesPretrainOnAMachineWithMoreThan24GB(string config)
    {
        var tree = ConfigTree.Load(RepoFiles.Path($"configs/{config}"));
        string message = Assert.Throws<ConfigException>(() => RunMemory.Check(tree, EncoderRuns.Pretraining(), Machine24GB)).Message;
        Assert.Contains("DATA.BATCH_SIZE=64", message);
        RunMemory.Check(tree, EncoderRuns.Pretraining(), MemoryLimit.OfMachine(32.0 * (1L << 30)));
    }

    /// <summary>The official recipes' configurations as their checkpoints store them (batch 128): rebuilt for inference, they fit.</summary>
    [Theory]
    [InlineData("swin_tiny_patch4_window7_224")]
    [InlineData("swin_base_patch4_window7_224")]
    [InlineData("deit_small_patch16_224")]
    public void AnOfficialCheckpointsStoredConfigurationFits(string preset)
    {
        var stored = new Dictionary<string, object?>
        {
            ["DATA"] = new Dictionary<string, object?> { ["BATCH_SIZE"] = 128L, ["IMG_SIZE"] = 224L },
            ["MOBYNET"] = new Dictionary<string, object?> { ["MODEL_PRESET"] = preset },
        };
        var tree = ConfigTree.FromDictionary(stored, "official.pth (config)");
        foreach (var estimate in new[] { EncoderRuns.Encoder(), EncoderRuns.Features() })
            RunMemory.Check(tree, estimate, Machine24GB);
    }

    [Theory]
    [InlineData("Pretraining", "DATA.BATCH_SIZE", "DATA.BATCH_SIZE=65536")]
    [InlineData("Pretraining", "DATA.IMG_SIZE", "DATA.IMG_SIZE=3584")]
    [InlineData("Pretraining", "MODEL.MOBY.CONTRAST_NUM_NEGATIVE", "MODEL.MOBY.CONTRAST_NUM_NEGATIVE=1048576", "MOBYNET.MOBY.OUT_DIM=65536")]
    [InlineData("Pretraining", "MOBYNET.MOBY.INNER_DIM", "MOBYNET.MOBY.INNER_DIM=65536", "MODEL.MOBY.PROJ_NUM_LAYERS=16")]
    [InlineData("Pretraining", "MODEL.SWIN.DEPTHS", "MODEL.SWIN.DEPTHS=[64, 64, 64, 64]")]
    [InlineData("Finetuning", "DATA.BATCH_SIZE", "DATA.BATCH_SIZE=4096")]
    [InlineData("Features", "DATA.BATCH_SIZE", "DATA.BATCH_SIZE=65536")]
    [InlineData("SegmentationTraining", "MOBYNET.SEG.CHANNELS", "MOBYNET.SEG.CHANNELS=16384", "MOBYNET.SEG.CROP_SIZE=64")]
    [InlineData("SegmentationTraining", "MOBYNET.SEG.BATCH_SIZE", "MOBYNET.SEG.BATCH_SIZE=65536", "MOBYNET.SEG.CHANNELS=64")]
    [InlineData("SegmentationInference", "MOBYNET.SEG.TEST_SCALE", "MOBYNET.SEG.TEST_SCALE=[16384, 16384]")]
    [InlineData("DetectionTraining", "MOBYNET.DET.BOX_FC_CHANNELS", "MOBYNET.DET.BOX_FC_CHANNELS=65536", "MOBYNET.DET.LONG_EDGE=[64, 64]", "MOBYNET.DET.SHORT_EDGE=[64, 64]")]
    [InlineData("DetectionTraining", "MOBYNET.DET.BATCH_SIZE", "MOBYNET.DET.BATCH_SIZE=4096")]
    [InlineData("DetectionInference", "MOBYNET.DET.TEST_SCALE", "MOBYNET.DET.TEST_SCALE=[16384, 16384]")]
    public void AnEnormousRunIsRefusedNamingTheKey(string run, string key, params string[] options)
    {
        var tree = ConfigTree.Load(null, options);
        string message = Assert.Throws<ConfigException>(() => RunMemory.Check(tree, Estimate(run), Machine24GB)).Message;
        Assert.Contains($"{key}=", message);
        Assert.Contains("--opt", message); // where the value came from
        Assert.Contains("more than the limit of 23.5 GiB (the memory available here", message);
        Assert.DoesNotContain('\n', message);
    }

    /// <summary>Keys changed from their defaults that do not make the run big (the preset, the heads' width) are not blamed.</summary>
    [Fact]
    public void OnlyTheKeysThatMakeItBigAreNamed()
    {
        var tree = ConfigTree.Load(null, ["MOBYNET.MODEL_PRESET=swin_micro_patch4_window8_32", "MOBYNET.MOBY.INNER_DIM=1024", "DATA.IMG_SIZE=4096"]);
        string message = Assert.Throws<ConfigException>(() => RunMemory.Check(tree, EncoderRuns.Pretraining(), Machine24GB)).Message;
        Assert.EndsWith("sized by DATA.IMG_SIZE=4096.", message);
    }

    /// <summary>A model that no machine holds is refused when its configuration is read, whatever reads it.</summary>
    [Theory]
    [InlineData("MODEL.SWIN.EMBED_DIM", "MODEL.SWIN.EMBED_DIM=16384", "MODEL.SWIN.MLP_RATIO=64", "MODEL.SWIN.DEPTHS=[64, 64, 64, 64]")]
    [InlineData("MOBYNET.VIT.EMBED_DIM", "MODEL.MOBY.ENCODER=vit", "MOBYNET.VIT.EMBED_DIM=16384", "MOBYNET.VIT.DEPTH=256", "MOBYNET.VIT.NUM_HEADS=1024")]
    [InlineData("MOBYNET.VIT.PATCH_SIZE", "MODEL.MOBY.ENCODER=vit", "MOBYNET.VIT.PATCH_SIZE=1", "DATA.IMG_SIZE=4096")]
    public void AModelNoMachineHoldsIsRefusedWhenRead(string key, params string[] options)
    {
        string message = Assert.Throws<ConfigException>(() => ConfigTree.Load(null, options)).Message;
        Assert.Contains($"{key}=", message);
        Assert.Contains("more than the limit of", message);
    }

    [Fact]
    public void ACheckpointsStoredConfigurationIsCheckedNamingTheFile()
    {
        var stored = new Dictionary<string, object?>
        {
            ["MODEL"] = new Dictionary<string, object?>
            {
                ["SWIN"] = new Dictionary<string, object?> { ["EMBED_DIM"] = 16384L, ["MLP_RATIO"] = 64.0, ["DEPTHS"] = new List<object?> { 64L, 64L, 64L } },
            },
        };
        string message = Assert.Throws<ConfigException>(() => ConfigTree.FromDictionary(stored, "crafted.pth (config)")).Message;
        Assert.StartsWith("crafted.pth (config): the encoder on one image would need about", message);
        Assert.Contains("MODEL.SWIN.EMBED_DIM=16384", message);
    }

    [Fact]
    public void AYamlFileIsNamedWithTheLineOfTheKey()
    {
        using var dir = new TempDir();
        string path = dir.File("big.yaml", "DATA:\n  BATCH_SIZE: 65536\n"u8.ToArray());
        string message = Assert.Throws<ConfigException>(() => RunMemory.Check(ConfigTree.Load(path), EncoderRuns.Pretraining(), Machine24GB)).Message;
        Assert.StartsWith($"{path}:2: MoBY pre-training would need about", message);
        Assert.Contains("the activations of one training batch (two views) alone take about", message);
    }

    [Fact]
    public void ThePretrainedBackboneOfACheckpointIsNamedWhenItIsTheLargestShare()
    {
        var tree = ConfigTree.Load(RepoFiles.Path("configs/upernet_swin_fmnist_scenes.yaml"));
        var backbone = new Moby.Backbones.Swin.SwinConfig { EmbedDim = 2048, Depths = [2, 2, 18, 2], NumHeads = [32, 64, 128, 256] };
        string message = Assert.Throws<ConfigException>(() =>
            RunMemory.Check(tree, DenseRunMemory.Segmentation(training: true, backbone, "big.pth"), Machine24GB)).Message;
        Assert.StartsWith("big.pth: segmentation training would need", message);
        Assert.Contains("sized by the backbone of big.pth", message);
    }

    /// <summary>
    /// A ViT of any MLP ratio is estimated and checked (MOBYNET.VIT.MLP_RATIO): the check of a model from a checkpoint or
    /// options skipped every ViT whose ratio was not 4, letting a batch that needs terabytes through to be built.
    /// </summary>
    [Fact]
    public void AVitOfAnyMlpRatioIsCheckedAndTheRatioNamed()
    {
        var tree = ConfigTree.Load(null, ["MODEL.MOBY.ENCODER=vit", "MOBYNET.VIT.MLP_RATIO=64"]);
        var vit = Assert.IsType<Moby.Backbones.Vit.VitConfig>(ModelConfigs.Encoder(tree));
        Assert.Equal(64, vit.MlpRatio);
        string message = Assert.Throws<ConfigException>(() => RunMemory.Check(tree, EncoderRuns.Pretraining(), Machine24GB)).Message;
        Assert.Contains("sized by MOBYNET.VIT.MLP_RATIO=64", message);
        Assert.DoesNotContain('\n', message);
        RunMemory.Check(ConfigTree.Load(null, ["MODEL.MOBY.ENCODER=vit", "MOBYNET.VIT.MLP_RATIO=2"]), EncoderRuns.Encoder(), Machine24GB);

        message = Assert.Throws<ConfigException>(() => RunMemory.CheckModel(vit, 4096, EncoderRuns.Features(), limit: Machine24GB)).Message;
        Assert.Contains("the encoder on one batch would need about", message);
        Assert.Contains("MOBYNET.VIT.MLP_RATIO=64", message);
        RunMemory.CheckModel(vit with { MlpRatio = 2, QkvBias = false }, 8, EncoderRuns.Features(), limit: Machine24GB);
    }

    [Theory]
    [InlineData(null, 23.5)]
    [InlineData("", 23.5)]
    [InlineData("64", 64)]
    [InlineData("0.5", 0.5)]
    public void TheLimitIsTheMachinesMemoryOrTheVariablesGiB(string? setting, double gib) =>
        Assert.Equal(gib * (1L << 30), MemoryLimit.Of(setting, 23.5 * (1L << 30)).Bytes);

    /// <summary>Under mpirun each process checks its own estimate: the machine's memory is shared by the run's processes on it.</summary>
    [Fact]
    public void ProcessesOfOneRunOnAMachineShareItsMemory()
    {
        var share = MemoryLimit.Of(null, 24.0 * (1L << 30), processes: 2);
        Assert.Equal(12.0 * (1L << 30), share.Bytes);
        Assert.Contains("with 2 processes of the run on this machine", share.ToString());
        Assert.Equal(64.0 * (1L << 30), MemoryLimit.Of("64", 24.0 * (1L << 30), processes: 2).Bytes); // the variable is per process
    }

    /// <summary>
    /// What one image's largest buffer may take (segmentation's class scores, detection's pasted masks) follows the memory
    /// limit: a quarter of it, never under the 2 GiB it was fixed at unless the limit itself is under; the variable and
    /// mpirun's share move it too.
    /// </summary>
    [Theory]
    [InlineData(null, 23.5, 1, 5.875)]
    [InlineData(null, 64, 1, 16)]
    [InlineData(null, 64, 4, 4)]
    [InlineData(null, 8, 1, 2)]
    [InlineData(null, 4, 1, 2)]
    [InlineData(null, 1.5, 1, 1.5)]
    [InlineData("128", 23.5, 1, 32)]
    [InlineData("1e30", 23.5, 1, 1L << 32)]   // held in 64 bits (4 EiB) whatever the variable says
    public void WhatOneImageMayTakeIsAQuarterOfTheLimit(string? setting, double machineGiB, int processes, double perImageGiB) =>
        Assert.Equal((long)(perImageGiB * (1L << 30)), MemoryLimit.Of(setting, machineGiB * (1L << 30), processes).PerImage);

    /// <summary>A 64 GB machine has the memory for the class scores of 150 classes on a 12-megapixel photo (6.7 GiB), and
    /// for the masks of 100 detections on an 88-megapixel one (8.2 GiB): refused at the fixed 2 GiB, taken now.</summary>
    [Fact]
    public void AMachineWithTheMemoryTakesTheImagesTheFixedBoundRefused()
    {
        var tree = ConfigTree.Load(null, ["MOBYNET.SEG.TEST_SCALE=[0, 0]"]);
        var machine64GB = MemoryLimit.OfMachine(62.8 * (1L << 30));
        var large = Moby.Runs.SegmentationRecipe.Predictor(tree, Moby.Runs.SegmentationRecipe.Input(3), machine64GB);
        var small = Moby.Runs.SegmentationRecipe.Predictor(tree, Moby.Runs.SegmentationRecipe.Input(3), TestMemory.TwoGiBPerImage);
        large.RequireWithin("photo.jpg", (4000, 3000), 150);
        var e = Assert.Throws<Moby.Data.DataException>(() => small.RequireWithin("photo.jpg", (4000, 3000), 150));
        Assert.Contains("image 'photo.jpg' (4000 x 3000) needs 6866 MiB of class scores", e.Message);
        Assert.Contains("more than the 2048 MiB segmentation inference holds per image", e.Message);
        Assert.Contains("more than the 16076 MiB", Assert.Throws<Moby.Data.DataException>(() => large.RequireWithin("pano.jpg", (12000, 6000), 150)).Message);

        var model = Moby.Tests.Detection.MaskRCNNTests.Micro() with { MaxPerImg = 100, MaskThr = 0.5 };
        DetectionRecipe.Masks(machine64GB).Require("big.jpg", model, 10800, 8100);
        Assert.Contains("could need 8342 MiB of masks", Assert.Throws<Moby.Data.DataException>(
            () => DetectionRecipe.Masks(TestMemory.TwoGiBPerImage).Require("big.jpg", model, 10800, 8100)).Message);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("-4")]
    [InlineData("0")]
    [InlineData("NaN")]
    public void ABadLimitIsRefusedNamingTheVariable(string setting) =>
        Assert.StartsWith("MOBY_MEMORY_LIMIT is '", Assert.Throws<ConfigException>(() => MemoryLimit.Of(setting, 1L << 34)).Message);

    [Theory]
    [InlineData(1.5 * (1L << 30), "1.5 GiB")]
    [InlineData(3.0 * (1L << 40), "3.0 TiB")]
    [InlineData(5.0 * (1L << 50), "5.0 PiB")]
    [InlineData(1e30, "8.9e14 PiB")]
    public void SizesStayShort(double bytes, string shown) => Assert.Equal(shown, MemoryLimit.Size(bytes));

    /// <summary>
    /// Segmentation inference holds what its forwards take: the sliding window's crops go through the model
    /// TEST_MAX_PIXELS at a time (four 512 px crops at the default), and a whole image above that goes through the window.
    /// </summary>
    [Fact]
    public void TheSegmentationInferenceEstimateFollowsTheCropsOfAForward()
    {
        double Activations(params string[] options) =>
            DenseRunMemory.Segmentation(training: false).Parts(ConfigTree.Load(null, ["MOBYNET.SEG.TEST_SCALE=[2048, 1024]", .. options]))
                .Single(p => p.What == "the activations of one test image").Bytes;
        double fourCrops = Activations("MOBYNET.SEG.TEST_MODE=slide");
        double oneCrop = Activations("MOBYNET.SEG.TEST_MODE=slide", "MOBYNET.SEG.TEST_MAX_PIXELS=262144");
        Assert.True(fourCrops > 1.5 * oneCrop, $"{fourCrops} against {oneCrop}"); // plus the class scores at the image's size, the same in both
        // Whole, 2048 x 1024 is above the 1,048,576 pixels of a forward: the window's, not the whole image's.
        Assert.Equal(fourCrops, Activations("MOBYNET.SEG.TEST_MODE=whole"));
        Assert.True(Activations("MOBYNET.SEG.TEST_MODE=whole", "MOBYNET.SEG.TEST_MAX_PIXELS=4194304") > fourCrops); // all 2,097,152 pixels at once
    }
}
