using static TorchSharp.torch;

namespace Moby.Data.Detection;

/// <summary>
/// Images [B, C, H, W] (float32, normalised; each image at the top left, padded with 0 to the largest padded size of
/// the batch, as mmdet's collate), per image its targets and <see cref="PipelineMeta"/>, and the data set indices.
/// </summary>
internal sealed class DetectionBatch(Tensor images, IReadOnlyList<DetectionTargets> targets, IReadOnlyList<PipelineMeta> metas) : IDisposable
{
    public Tensor Images { get; } = images;
    public IReadOnlyList<DetectionTargets> Targets { get; } = targets;
    public IReadOnlyList<PipelineMeta> Metas { get; } = metas;
    public int[] Indices => Metas.Select(m => m.Index).ToArray();

    /// <summary>Stacks prepared images. The tensors are detached from any dispose scope (built on loader threads):
    /// the batch's <see cref="Dispose"/> frees them.</summary>
    /// <param name="device">Where the model waits for the batch (null: the CPU).</param>
    public static DetectionBatch Collate(IReadOnlyList<PreparedImage> images, Device? device = null)
    {
        int c = images[0].Channels, height = images.Max(i => i.Meta.PadHeight), width = images.Max(i => i.Meta.PadWidth);
        var data = new float[images.Count * c * height * width];
        for (int b = 0; b < images.Count; b++)
        {
            var (chw, meta) = (images[b].Chw, images[b].Meta);
            for (int ch = 0; ch < c; ch++)
                for (int y = 0; y < meta.PadHeight; y++)
                    chw.AsSpan((ch * meta.PadHeight + y) * meta.PadWidth, meta.PadWidth).CopyTo(data.AsSpan(((b * c + ch) * height + y) * width));
        }
        var targets = images.Select(i => ToTensors(InstanceTransforms.Pad(i.Targets, width, height), device)).ToList();
        var tensor = On(TorchSharp.torch.tensor(data, [images.Count, c, height, width], ScalarType.Float32), device);
        return new DetectionBatch(tensor, targets, images.Select(i => i.Meta).ToList());
    }

    private static DetectionTargets ToTensors(ImageInstances t, Device? device) => new(
        On(tensor(t.Boxes, [t.Count, 4], ScalarType.Float32), device),
        On(tensor(t.Labels, [t.Count], ScalarType.Int64), device),
        On(tensor(t.Masks, [t.Count, t.Height, t.Width], ScalarType.Byte), device));

    private static Tensor On(Tensor host, Device? device) => BatchTensors.ToDevice(host, device).DetachFromDisposeScope();

    public void Dispose()
    {
        Images.Dispose();
        foreach (var t in Targets) t.Dispose();
    }
}
