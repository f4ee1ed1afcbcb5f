namespace Moby.Data.Segmentation;

/// <summary>
/// One composed canvas: the grayscale image, the label map (garment class + 1, 0 = background) and the garments in the
/// order they were placed, each with the part of its mask that later garments left visible.
/// </summary>
internal sealed record Scene(byte[] Image, LabelMap Labels, IReadOnlyList<SceneInstance> Instances)
{
    /// <summary>
    /// Places 1 to <see cref="SceneOptions.MaxObjects"/> garments drawn from <paramref name="garments"/>, each rescaled to a
    /// random side and position inside the canvas; a later garment covers an earlier one where its own mask is (not its box).
    /// </summary>
    public static Scene Compose(IImageDataset garments, SceneOptions options, ref SplitMix rng)
    {
        int size = options.Size, count = 1 + rng.NextInt(options.MaxObjects);
        var image = new byte[size * size];
        var labels = new byte[size * size];
        var owner = new int[size * size];
        Array.Fill(owner, -1);
        var classes = new int[count];
        var scratch = new BilinearResize.Scratch();
        for (int k = 0; k < count; k++)
        {
            int index = rng.NextInt(garments.Count);
            classes[k] = garments.Label(index);
            var source = garments.Load(index);
            int side = Math.Max(1, (int)Math.Round(rng.Uniform(options.MinScale, options.MaxScale) * size));
            int left = rng.NextInt(size - side + 1), top = rng.NextInt(size - side + 1);
            var rescaled = new ImageBuffer();
            BilinearResize.Resize(source, new CropBox(0, 0, source.Width, source.Height), rescaled, side, side, scratch);
            for (int y = 0; y < side; y++)
                for (int x = 0; x < side; x++)
                {
                    byte v = rescaled.Pixels[y * side + x];
                    if (v <= options.Threshold) continue;
                    int at = (top + y) * size + left + x;
                    (image[at], labels[at], owner[at]) = (v, (byte)(classes[k] + 1), k);
                }
        }
        var instances = Enumerable.Range(0, count).Select(k =>
        {
            var mask = owner.Select(o => o == k).ToArray();
            return new SceneInstance(classes[k], mask, mask.Count(m => m));
        }).ToList();
        return new Scene(image, new LabelMap(labels, size, size), instances);
    }
}
