using Moby.Data.Detection;

namespace Moby.Detection;

/// <summary>
/// mmdet's img_meta for one image of a batch: <c>img_shape</c> (the resized image inside the batch tensor, which boxes
/// are clipped to), <c>pad_shape</c> (that image padded to a multiple of 32, where anchors are valid) and
/// <c>ori_shape</c> (the size predictions are returned at; the scale factor is img_shape / ori_shape per axis).
/// </summary>
internal sealed record ImageMeta(int Height, int Width, int PadHeight, int PadWidth, int OriginalHeight, int OriginalWidth)
{
    /// <summary>The sizes the data pipeline recorded for an image (mmdet passes its img_meta on as it is).</summary>
    public static ImageMeta Of(PipelineMeta m) => new(m.Height, m.Width, m.PadHeight, m.PadWidth, m.OriginalHeight, m.OriginalWidth);

    /// <summary>An image that fills its batch tensor and is predicted at the size it has.</summary>
    public static ImageMeta Unscaled(int height, int width) => new(height, width, height, width, height, width);

    /// <summary>mmdet's w_scale: new width / original width (float32, as its numpy scale_factor).</summary>
    public float ScaleX => (float)Width / OriginalWidth;

    /// <summary>mmdet's h_scale.</summary>
    public float ScaleY => (float)Height / OriginalHeight;

    /// <summary>Describes why the sizes cannot hold, or null.</summary>
    public string? Problem(long batchHeight, long batchWidth) =>
        Height < 1 || Width < 1 || OriginalHeight < 1 || OriginalWidth < 1 ? $"image sizes must be positive ({this})"
        : PadHeight < Height || PadWidth < Width ? $"the padded size {PadHeight}x{PadWidth} is smaller than the image {Height}x{Width}"
        : PadHeight > batchHeight || PadWidth > batchWidth ? $"the padded size {PadHeight}x{PadWidth} exceeds the batch tensor's {batchHeight}x{batchWidth}"
        : null;
}
