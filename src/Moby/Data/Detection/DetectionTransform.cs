using Moby.Data.Segmentation;

namespace Moby.Data.Detection;

/// <summary>
/// The pipeline of <see cref="DetectionAugmentOptions"/> applied jointly to an image, its boxes and masks: the image
/// resized bilinearly (PIL's filter, as the segmentation pipeline; mmcv uses OpenCV's), the targets as
/// <see cref="InstanceTransforms"/>, the photometric distortion on the image alone, normalisation and padding.
/// Its randomness is keyed by (seed, epoch, index), so neither worker threads nor a resume change what an image becomes.
/// </summary>
internal sealed class DetectionTransform(DetectionAugmentOptions options, ModelInput input)
{
    private const long Purpose = -31; // apart from the pre-training and segmentation streams

    public int Channels => input.Channels;

    public PreparedImage Apply(DetectionSample sample, int index, long seed, int epoch)
    {
        var rng = SplitMix.For(seed, epoch, index, Purpose);
        var image = input.Convert(sample.Image);
        // mmdet's random_sample in 'range' mode: the long edge first, then the short one.
        int longEdge = options.LongMin + rng.NextInt(options.LongMax - options.LongMin + 1);
        int shortEdge = options.ShortMin + rng.NextInt(options.ShortMax - options.ShortMin + 1);
        var (width, height) = KeepRatioScale.Size(image.Width, image.Height, longEdge, shortEdge);
        float scaleX = (float)((double)width / image.Width), scaleY = (float)((double)height / image.Height);
        if (width != image.Width || height != image.Height) image = BilinearResize.Resize(image, width, height);
        var targets = InstanceTransforms.Resize(sample.Targets, width, height, scaleX, scaleY);
        bool flip = rng.Chance(options.FlipP);
        if (flip)
        {
            HorizontalFlip.Apply(image);
            InstanceTransforms.FlipHorizontal(targets);
        }
        if (options.Photometric) PhotometricDistortion.Apply(image, ref rng);
        int padWidth = RoundUp(width), padHeight = RoundUp(height);
        var chw = new float[Channels * padWidth * padHeight];
        input.Write(image, chw, padWidth, padHeight);
        var meta = new PipelineMeta(index, sample.Image.Width, sample.Image.Height, width, height, padWidth, padHeight, scaleX, scaleY, flip);
        return new PreparedImage(chw, Channels, meta, InstanceTransforms.Pad(targets, padWidth, padHeight));
    }

    private int RoundUp(int size) => (size + options.SizeDivisor - 1) / options.SizeDivisor * options.SizeDivisor;
}
