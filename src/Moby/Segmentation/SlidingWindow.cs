using TorchSharp;
using static TorchSharp.torch;
using static Moby.Torch.Scalars;

namespace Moby.Segmentation;

/// <summary>
/// mmseg's slide inference: crops of <see cref="Crop"/> at steps of <see cref="Stride"/> (the last row and column moved
/// back to end at the border; an image smaller than the crop is one crop), each crop's logits (resized to the crop)
/// added into place, divided by how many crops covered each pixel.
/// </summary>
internal sealed record SlidingWindow(int Crop, int Stride)
{
    public Tensor Logits(SegmentationModel model, Tensor images) => Logits(crop => model.call(crop), model.Config.NumClasses, images);

    /// <param name="cropLogits">The logits [B, classes, h, w] of a crop [B, C, h, w].</param>
    public Tensor Logits(Func<Tensor, Tensor> cropLogits, long classes, Tensor images)
    {
        using var scope = NewDisposeScope();
        long b = images.shape[0], height = images.shape[2], width = images.shape[3];
        var sum = zeros(b, classes, height, width, device: images.device);
        var count = zeros(1, 1, height, width, device: images.device);
        foreach (var (top, bottom) in Spans((int)height))
            foreach (var (left, right) in Spans((int)width))
            {
                var logits = cropLogits(images[.., .., top..bottom, left..right]);
                sum[.., .., top..bottom, left..right].add_(logits, One);
                count[.., .., top..bottom, left..right].add_(One, One);
            }
        return (sum / count).MoveToOuterDisposeScope();
    }

    private IEnumerable<(int Start, int End)> Spans(int size)
    {
        int grids = Math.Max(size - Crop + Stride - 1, 0) / Stride + 1;
        for (int i = 0; i < grids; i++)
        {
            int end = Math.Min(i * Stride + Crop, size);
            yield return (Math.Max(end - Crop, 0), end);
        }
    }
}
