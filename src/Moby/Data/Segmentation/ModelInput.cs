namespace Moby.Data.Segmentation;

/// <summary>
/// Decoded images (always RGB) in the model's channels and normalisation: a one-channel backbone (our Fashion-MNIST
/// recipe) gets PIL's luma, a three-channel one the RGB as is; then ToTensor + Normalize into CHW floats.
/// </summary>
internal sealed class ModelInput(ChannelStats stats)
{
    private readonly Normalize normalize = new(stats);

    public int Channels => normalize.Channels;

    public ImageBuffer Convert(DecodedImage image)
    {
        var buffer = ImageBuffer.From(image);
        if (Channels == image.Channels) return buffer;
        if (Channels != 1 || image.Channels != 3)
            throw new DataException($"cannot feed {image.Channels}-channel images to a {Channels}-channel model");
        var gray = new ImageBuffer().Reset(image.Width, image.Height, 1);
        var rgb = buffer.Pixels;
        for (int i = 0; i < gray.Length; i++) gray.Pixels[i] = Grayscale.Luma(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]);
        return gray;
    }

    /// <summary>Normalised CHW floats of <paramref name="image"/> at the top left of a <paramref name="width"/> x
    /// <paramref name="height"/> canvas whose padding is 0 (the mean, after normalisation, as mmseg pads).</summary>
    public void Write(ImageBuffer image, Span<float> chw, int width, int height)
    {
        var plain = new float[Channels * image.Width * image.Height];
        normalize.ToChw(image, plain);
        chw[..(Channels * width * height)].Clear();
        for (int c = 0; c < Channels; c++)
            for (int y = 0; y < image.Height; y++)
                plain.AsSpan((c * image.Height + y) * image.Width, image.Width).CopyTo(chw[((c * height + y) * width)..]);
    }

    /// <summary><see cref="Write(ImageBuffer, Span{float}, int, int)"/> without padding, into a new array.</summary>
    public float[] Write(ImageBuffer image)
    {
        var chw = new float[Channels * image.Width * image.Height];
        normalize.ToChw(image, chw);
        return chw;
    }
}
