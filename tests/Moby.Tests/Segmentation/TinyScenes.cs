using Moby.Config;
using Moby.Data;
using Moby.Data.Segmentation;
using Moby.Runs;
using Moby.Tests.Data.Segmentation;

namespace Moby.Tests.Segmentation;

/// <summary>A tiny scene set (32 px, from a fake Fashion-MNIST) and the configuration of a tiny UPerNet run on it.</summary>
internal static class TinyScenes
{
    /// <summary>The scenes in <paramref name="dir"/>/scenes, written on first use.</summary>
    public static string Write(TempDir dir, int train = 8)
    {
        string scenes = dir.File("scenes");
        if (!Directory.Exists(scenes))
            FashionScenes.Write(SceneTests.FakeFashionMnist(dir), scenes, new SceneOptions { Size = 32, Train = train, Val = 4, Seed = 1 });
        return scenes;
    }

    /// <summary>A 2-stage Swin of width 8 with heads of width 8 / 4, on 32 px crops of <paramref name="scenes"/>, into OUTPUT/segment/TAG.</summary>
    public static ConfigTree Tree(string scenes, string output, string tag, int iterations, params string[] more) => ConfigTree.Load(null,
    [
        $"MOBYNET.SEG.DATA='ade20k:{scenes}'", $"OUTPUT='{output}'", $"TAG={tag}", $"MOBYNET.SEG.ITERS={iterations}",
        "MOBYNET.SEG.BATCH_SIZE=4", "MOBYNET.SEG.CROP_SIZE=32", "MOBYNET.SEG.SCALE=[32, 32]", "MOBYNET.SEG.TEST_SCALE=[0, 0]",
        "MOBYNET.SEG.CHANNELS=8", "MOBYNET.SEG.AUX_CHANNELS=4", "MOBYNET.SEG.WARMUP_ITERS=2", "MOBYNET.SEG.PREDICTIONS=2",
        "MOBYNET.SEG.DROP_PATH_RATE=0.1", "MOBYNET.WORKERS=1",
        "DATA.IMG_SIZE=32", "MODEL.SWIN.IN_CHANS=1", "MODEL.SWIN.EMBED_DIM=8", "MODEL.SWIN.DEPTHS=[1, 2]", "MODEL.SWIN.NUM_HEADS=[1, 2]",
        "MODEL.SWIN.WINDOW_SIZE=4", .. more,
    ]);

    /// <summary>A loader of the training split of <paramref name="scenes"/> with the tiny run's augmentation, seed 7, one worker.</summary>
    public static SegmentationLoader Loader(string scenes, int batch, int rank = 0, int worldSize = 1)
    {
        var set = SegmentationSource.Parse($"ade20k:{scenes}").Open(DataSplit.Train, false, new ImageDecodeOptions { MaxPixels = 1 << 20 });
        var transform = new SegmentationTransform(SegmentationRecipe.Augmentation(Tree(scenes, "", "t", 1)), SegmentationRecipe.Input(1));
        return new SegmentationLoader(set, transform, batch, 7, 1, rank, worldSize);
    }
}
