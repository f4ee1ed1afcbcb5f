using Moby.Config;
using Moby.Data;
using Moby.Data.Detection;

namespace Moby.Runs;

/// <summary>The data side of a detection run from its configuration tree (MOBYNET.DET.* and MOBYNET.MAX_IMAGE_PIXELS).</summary>
internal static class DetectionDataRecipe
{
    /// <summary>mmdet's training pipeline: LONG_EDGE and SHORT_EDGE ranges, FLIP_P, PHOTOMETRIC, SIZE_DIVISOR.</summary>
    public static DetectionAugmentOptions Training(ConfigTree tree)
    {
        int[] longEdge = tree.Ints("MOBYNET.DET.LONG_EDGE"), shortEdge = tree.Ints("MOBYNET.DET.SHORT_EDGE");
        return new DetectionAugmentOptions
        {
            LongMin = longEdge[0], LongMax = longEdge[1], ShortMin = shortEdge[0], ShortMax = shortEdge[1],
            FlipP = tree.Double("MOBYNET.DET.FLIP_P"), Photometric = tree.Bool("MOBYNET.DET.PHOTOMETRIC"), SizeDivisor = tree.Int("MOBYNET.DET.SIZE_DIVISOR"),
        };
    }

    /// <summary>mmdet's test pipeline: TEST_SCALE (long, short edge), SIZE_DIVISOR.</summary>
    public static DetectionAugmentOptions Test(ConfigTree tree)
    {
        var scale = tree.Ints("MOBYNET.DET.TEST_SCALE");
        return DetectionAugmentOptions.Test(scale[0], scale[1], tree.Int("MOBYNET.DET.SIZE_DIVISOR"));
    }

    /// <summary>One split of MOBYNET.DET.DATA (or <paramref name="data"/>).</summary>
    /// <param name="warn">Receives the warnings about annotations left out of the training targets.</param>
    public static DetectionSet Open(ConfigTree tree, string? data, DataSplit split, Action<string>? warn)
    {
        string spec = data ?? tree.String("MOBYNET.DET.DATA");
        if (spec.Length == 0) throw new ConfigException("MOBYNET.DET.DATA is empty: name the detection data (--data coco:/images,/instances.json or coco:/folder).");
        return DetectionSource.Parse(spec).Open(split, new ImageDecodeOptions { MaxPixels = tree.Int("MOBYNET.MAX_IMAGE_PIXELS") }, warn);
    }

    /// <summary>The images a training run trains on (KEEP_EMPTY: also those without a target).</summary>
    public static int[] TrainingIndices(ConfigTree tree, DetectionSet set) => set.TrainingIndices(tree.Bool("MOBYNET.DET.KEEP_EMPTY"));
}
