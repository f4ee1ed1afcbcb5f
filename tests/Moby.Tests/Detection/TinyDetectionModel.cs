using Moby.Config;
using Moby.Data;
using Moby.Data.Detection;
using Moby.Data.Segmentation;
using Moby.Detection;
using Moby.Interop;
using Moby.Runs;
using Moby.Segmentation;
using Moby.Tests.Data.Segmentation;
using static TorchSharp.torch;

namespace Moby.Tests.Detection;

/// <summary>
/// A tiny scene set (64 px, 4 validation images of 1 to 4 garments) and a checkpoint of a random micro Mask R-CNN in
/// the form moby detect train writes: state_dict, config, detection, mobynet.
/// </summary>
internal static class TinyDetectionModel
{
    /// <summary>The scenes in <paramref name="dir"/>/scenes, written on first use.</summary>
    public static string Scenes(TempDir dir)
    {
        string scenes = dir.File("scenes");
        if (!Directory.Exists(scenes))
            FashionScenes.Write(SceneTests.FakeFashionMnist(dir), scenes, new SceneOptions { Size = 64, Train = 1, Val = 4, Seed = 2 });
        return scenes;
    }

    public static DetectionSet Validation(string scenes) => DetectionSource.Parse($"coco:{scenes}").Open(DataSplit.Test, new ImageDecodeOptions(), null);

    /// <summary>MaskRCNNTests' micro widths, tested at the scenes' own size, one loader worker.</summary>
    public static ConfigTree Tree(string scenes, params string[] more) => ConfigTree.Load(null,
    [
        $"MOBYNET.DET.DATA='coco:{scenes}'", "MOBYNET.DET.TEST_SCALE=[64, 64]", "MOBYNET.DET.FPN_CHANNELS=16", "MOBYNET.DET.BOX_FC_CHANNELS=32",
        "MOBYNET.DET.MASK_CHANNELS=16", "MOBYNET.DET.ANCHOR_SCALES=[2]", "MOBYNET.DET.FINEST_SCALE=14", "MOBYNET.DET.RPN_PRE_NMS_TEST=300",
        "MOBYNET.DET.RPN_POST_NMS_TEST=100", "MOBYNET.WORKERS=1", .. more,
    ]);

    /// <summary>A random micro model of the tree's heads for the scenes' ten classes.</summary>
    public static MaskRCNN Model(ConfigTree tree, int classes = 10)
    {
        manual_seed(5);
        return new MaskRCNN(DetectionRecipe.Model(tree, MaskRCNNTests.Backbone, classes));
    }

    /// <summary>The checkpoint's entries, for a test to change before <see cref="Write"/>.</summary>
    public static Dictionary<string, object?> Content(MaskRCNN model, ConfigTree tree, IReadOnlyList<string> classes, IReadOnlyList<long>? ids = null) => new()
    {
        ["state_dict"] = model.state_dict().ToDictionary(p => p.Key, p => p.Value),
        ["config"] = tree.AsDictionary(),
        ["detection"] = PyramidArchitecture.Describe(model.Config.Backbone, classes, ids),
        ["mobynet"] = new Dictionary<string, object?> { ["epoch"] = 0, ["batch"] = 0, ["step"] = 1L, ["precision"] = "fp32" },
    };

    public static string Write(string path, Dictionary<string, object?> content)
    {
        CheckpointFile.WritePth(path, content);
        return path;
    }

    /// <summary>The checkpoint of a random micro model on the scenes in <paramref name="dir"/>.</summary>
    public static string Checkpoint(TempDir dir, string name = "checkpoint.pth")
    {
        string scenes = Scenes(dir);
        var tree = Tree(scenes);
        using var model = Model(tree);
        return Write(dir.File(name), Content(model, tree, Validation(scenes).ClassNames, Enumerable.Range(1, 10).Select(i => (long)i).ToList()));
    }
}
