using Moby.Interop;
using Moby.Data;
using Moby.Data.Detection;

namespace Moby.Detection;

/// <summary>
/// What the predicted masks of one forward may take. Mask R-CNN's test path pastes each detection's mask at the
/// image's original size (mmdet's rescale), up to MAX_PER_IMG of them (one byte a pixel, or four as probabilities when
/// MASK_THR is negative), whatever the test scale: a small model on an 88-megapixel image held 8.8 GB of masks. So an
/// image whose masks could pass <see cref="MaxBytes"/> is refused, naming it, before it is decoded (its size is the
/// one its COCO entry declares), and evaluation batches hold as many images as fit the bound together.
/// </summary>
/// <param name="MaxBytes">Pasted masks of one forward at most: the run's share of memory for one image
/// (<see cref="Config.Memory.MemoryLimit.PerImage"/>; 2 GiB holds 100 detections on a 21-megapixel image), given by
/// whoever builds the run, so that tests give their own.</param>
internal sealed record MaskBudget(long MaxBytes)
{

    /// <summary>Bytes of the masks of up to MAX_PER_IMG detections at <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static long Bytes(MaskRCNNConfig config, int width, int height) =>
        (long)config.MaxPerImg * width * height * (config.MaskThr >= 0 ? 1 : 4);

    /// <summary>Refuses an image whose masks alone could pass <see cref="MaxBytes"/>.</summary>
    public void Require(string name, MaskRCNNConfig config, int width, int height)
    {
        long bytes = Bytes(config, width, height);
        if (bytes > MaxBytes)
            throw new DataException($"image '{ShownNames.Path(name)}' ({width} x {height}) could need {bytes >> 20} MiB of masks (up to {config.MaxPerImg} " +
                                    $"detections at its size), more than the {MaxBytes >> 20} MiB detection holds per image: resize it " +
                                    "or lower MOBYNET.DET.MAX_PER_IMG");
    }

    /// <summary>The indices of <paramref name="set"/> in order, in batches of at most <paramref name="batchSize"/> whose masks fit together.</summary>
    public List<int[]> Batches(DetectionSet set, MaskRCNNConfig config, int batchSize)
    {
        var batches = new List<int[]>();
        var batch = new List<int>();
        long bytes = 0;
        for (int i = 0; i < set.Count; i++)
        {
            var info = set.Coco.Images[i];
            Require(set.Describe(i), config, info.Width, info.Height);
            long more = Bytes(config, info.Width, info.Height);
            if (batch.Count > 0 && (batch.Count == batchSize || bytes + more > MaxBytes))
            {
                batches.Add([.. batch]);
                (batch, bytes) = ([], 0);
            }
            batch.Add(i);
            bytes += more;
        }
        if (batch.Count > 0) batches.Add([.. batch]);
        return batches;
    }
}
