using Moby.Config;
using Moby.Training;

namespace Moby.Tests.Detection;

/// <summary>The configuration of a tiny Mask R-CNN run on the tiny scene set (32 px, COCO instances of 8 to 20 px).</summary>
internal static class TinyDetection
{
    /// <summary>A 3-stage Swin of width 8 (strides 4, 8, 16) with heads of width 16 / 32, on the 32 px scenes as they are,
    /// batches of 2, fp32 products, into OUTPUT/detect/TAG.</summary>
    public static ConfigTree Tree(string scenes, string output, string tag, int epochs, params string[] more) => ConfigTree.Load(null,
    [
        $"MOBYNET.DET.DATA='coco:{scenes}'", $"OUTPUT='{output}'", $"TAG={tag}", $"MOBYNET.DET.EPOCHS={epochs}", "MOBYNET.DET.BATCH_SIZE=2",
        "MOBYNET.DET.LONG_EDGE=[32, 32]", "MOBYNET.DET.SHORT_EDGE=[32, 32]", "MOBYNET.DET.TEST_SCALE=[32, 32]",
        "MOBYNET.DET.FPN_CHANNELS=16", "MOBYNET.DET.ANCHOR_SCALES=[2]", "MOBYNET.DET.RPN_SAMPLES=64", "MOBYNET.DET.RPN_PRE_NMS_TRAIN=300",
        "MOBYNET.DET.RPN_POST_NMS_TRAIN=100", "MOBYNET.DET.RPN_PRE_NMS_TEST=300", "MOBYNET.DET.RPN_POST_NMS_TEST=100", "MOBYNET.DET.ROI_SAMPLES=64",
        "MOBYNET.DET.FINEST_SCALE=14", "MOBYNET.DET.BOX_FC_CHANNELS=32", "MOBYNET.DET.MASK_CHANNELS=16", "MOBYNET.DET.DROP_PATH_RATE=0.1",
        "MOBYNET.DET.WARMUP_ITERS=2", "MOBYNET.DET.STEPS=[]", "MOBYNET.DET.EVAL_EVERY=100", "MOBYNET.PRECISION=fp32", "MOBYNET.WORKERS=1",
        "DATA.IMG_SIZE=32", "MODEL.SWIN.IN_CHANS=1", "MODEL.SWIN.EMBED_DIM=8", "MODEL.SWIN.DEPTHS=[1, 1, 1]", "MODEL.SWIN.NUM_HEADS=[1, 2, 2]",
        "MODEL.SWIN.WINDOW_SIZE=4", .. more,
    ]);

    /// <summary>The iteration records of a run's metrics.jsonl, in order.</summary>
    public static List<IReadOnlyDictionary<string, double>> Iterations(string directory) =>
        MetricsFile.Read(Path.Combine(directory, MetricsLog.FileName)).Where(r => r.Type == "iter").Select(r => r.Numbers).ToList();
}
