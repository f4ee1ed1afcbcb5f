namespace Moby.Data.Detection;

/// <summary>
/// What the pipeline did to one image (mmdet's img_meta): its size as decoded (<c>ori_shape</c>), after the resize
/// (<c>img_shape</c>, where boxes are clipped and flipped), after padding (<c>pad_shape</c>), the resize factors
/// (<c>scale_factor</c>: new size / old size per axis, float32 as mmdet keeps them) and whether it was flipped. The
/// sizes carry the names of the model's ImageMeta (src/Moby/Detection), which takes them as they are.
/// </summary>
internal sealed record PipelineMeta(int Index, int OriginalWidth, int OriginalHeight, int Width, int Height, int PadWidth, int PadHeight,
                                    float ScaleX, float ScaleY, bool Flipped)
{
    /// <summary>A box x1, y1, x2, y2 in input pixels back on the original image (mmdet's rescale of test results):
    /// the flip undone, then divided by the scale factors.</summary>
    public float[] ToOriginal(ReadOnlySpan<float> box)
    {
        float x1 = Flipped ? Width - box[2] : box[0], x2 = Flipped ? Width - box[0] : box[2];
        return [x1 / ScaleX, box[1] / ScaleY, x2 / ScaleX, box[3] / ScaleY];
    }
}
