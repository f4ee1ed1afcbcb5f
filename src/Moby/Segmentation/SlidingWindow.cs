using TorchSharp;
using static TorchSharp.torch;
using static Moby.Torch.Scalars;

namespace Moby.Segmentation;

/// <summary>
/// mmseg's slide inference: crops of <see cref="Crop"/> at steps of <see cref="Stride"/> (the last row and column moved
/// back to end at the border; an image smaller than the crop is one crop), each crop's logits (resized to the crop)
/// added into place, divided by how many crops covered each pixel. Every crop has the same size, so crops go through
/// the model together, up to <see cref="ForwardPixels"/> input pixels a forward (0: one crop at a time, as mmseg); each
/// forward's intermediates are freed before the next, so memory holds the sums and one forward, whatever the image size.
/// </summary>
internal sealed record SlidingWindow(int Crop, int Stride, long ForwardPixels = 0)
{
    public Tensor Logits(SegmentationModel model, Tensor images) => Logits(crop => model.call(crop), model.Config.NumClasses, images);

    /// <param name="cropLogits">The logits [N, classes, h, w] of crops [N, C, h, w].</param>
    public Tensor Logits(Func<Tensor, Tensor> cropLogits, long classes, Tensor images)
    {
        using var scope = NewDisposeScope();
        long b = images.shape[0], height = images.shape[2], width = images.shape[3];
        var sum = zeros(b, classes, height, width, device: images.device);
        var count = zeros(1, 1, height, width, device: images.device);
        var windows = (from rows in Spans((int)height) from columns in Spans((int)width) select (rows, columns)).ToList();
        long cropPixels = b * Math.Min(Crop, height) * Math.Min(Crop, width);
        int perForward = (int)Math.Clamp(ForwardPixels / cropPixels, 1, windows.Count);
        for (int first = 0; first < windows.Count; first += perForward)
        {
            using var forward = NewDisposeScope();
            var group = windows.GetRange(first, Math.Min(perForward, windows.Count - first));
            var logits = cropLogits(cat(group.Select(w => images[.., .., w.rows.Start..w.rows.End, w.columns.Start..w.columns.End]).ToList(), 0));
            for (int k = 0; k < group.Count; k++)
            {
                var ((top, bottom), (left, right)) = group[k];
                sum[.., .., top..bottom, left..right].add_(logits.narrow(0, k * b, b), One);
                count[.., .., top..bottom, left..right].add_(One, One);
            }
        }
        return sum.div_(count).MoveToOuterDisposeScope();
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
