namespace Moby.Data.Segmentation;

/// <summary>
/// The training pipeline of <see cref="SegmentationAugmentOptions"/> applied jointly to an image and its labels: the
/// image resized bilinearly (PIL's filter, as the rest of our augmentation) and the labels by nearest neighbour, the
/// same crop and flip for both, the photometric distortion on the image alone. Its randomness is keyed by (seed, epoch,
/// index), so neither worker threads nor a resume change what an image becomes.
/// </summary>
internal sealed class SegmentationTransform(SegmentationAugmentOptions options, ModelInput input)
{
    private const long Purpose = -11; // apart from the pre-training views' streams

    public int Channels => input.Channels;
    public int Size => options.CropSize;
    public int ImageLength => Channels * Size * Size;
    public int LabelLength => Size * Size;

    /// <summary>Writes the normalised, padded image [C, Size, Size] and its labels [Size, Size] (255 in the padding).</summary>
    public void Apply(SegmentationSample sample, long seed, int epoch, int index, Span<float> image, Span<byte> labels)
    {
        var rng = SplitMix.For(seed, epoch, index, Purpose);
        var (resized, map) = Resize(sample, ref rng);
        var box = SegmentationCrop.Sample(map, Size, options.CatMaxRatio, ref rng);
        var cropped = SegmentationCrop.Apply(resized, box);
        map = SegmentationCrop.Apply(map, box);
        if (rng.Chance(options.FlipP))
        {
            HorizontalFlip.Apply(cropped);
            map.FlipHorizontal();
        }
        if (options.Photometric) PhotometricDistortion.Apply(cropped, ref rng);
        input.Write(cropped, image, Size, Size);
        labels[..LabelLength].Fill(LabelMap.Ignore);
        for (int y = 0; y < map.Height; y++) map.Labels.AsSpan(y * map.Width, map.Width).CopyTo(labels[(y * Size)..]);
    }

    /// <summary>mmseg's Resize with a ratio range: scale = (int(long * r), int(short * r)), r ~ U[min, max], keeping the aspect ratio.</summary>
    private (ImageBuffer Image, LabelMap Labels) Resize(SegmentationSample sample, ref SplitMix rng)
    {
        double ratio = rng.Uniform(options.RatioMin, options.RatioMax);
        var image = input.Convert(sample.Image);
        var (width, height) = KeepRatioScale.Size(image.Width, image.Height, (int)(options.ScaleLong * ratio), (int)(options.ScaleShort * ratio));
        return (BilinearResize.Resize(image, width, height), NearestResize.Resize(sample.Labels, width, height));
    }
}
