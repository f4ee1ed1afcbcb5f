namespace Moby.Data;

internal sealed class EvalTransform(EvalTransformOptions options, ChannelStats stats)
{
    readonly Normalize normalize = new(options.Stats ?? stats);

    public EvalTransformOptions Options { get; } = options;
    public int Channels => normalize.Channels;
    public int Size => Options.Size;
    public int Length => Channels * Size * Size;

    public void Apply(DecodedImage image, Span<float> dst, AugmentationWorkspace ws) =>
        normalize.ToChw(Preprocess(image, ws), dst);

    /// <summary>torchvision Resize(shorter side) then CenterCrop, on 8-bit pixels.</summary>
    public ImageBuffer Preprocess(DecodedImage image, AugmentationWorkspace ws)
    {
        int shorter = (int)Math.Round(Size / Options.CropRatio);
        var (w, h) = ResizedSize(image.Width, image.Height, shorter);
        // At the same size the resampling weights are the identity, as PIL's resize is then a copy.
        BilinearResize.Resize(image, new CropBox(0, 0, image.Width, image.Height), ws.Resized, w, h, ws.Resize);
        return CenterCrop(ws.Resized, ws.View);
    }

    /// <summary>torchvision's size for Resize(int): the shorter side becomes <paramref name="shorter"/>, the longer truncated.</summary>
    public static (int Width, int Height) ResizedSize(int width, int height, int shorter) => width <= height
        ? (shorter, (int)((long)shorter * height / width))
        : ((int)((long)shorter * width / height), shorter);

    ImageBuffer CenterCrop(ImageBuffer src, ImageBuffer dst)
    {
        if (src.Width < Size || src.Height < Size)
            throw new ArgumentException($"{src.Width}x{src.Height} image is smaller than the {Size} px crop; CropRatio must be <= 1");
        // torchvision: int(round((h - size) / 2.0)) with Python's round-half-to-even.
        int top = (int)Math.Round((src.Height - Size) / 2.0, MidpointRounding.ToEven);
        int left = (int)Math.Round((src.Width - Size) / 2.0, MidpointRounding.ToEven);
        int c = src.Channels;
        dst.Reset(Size, Size, c);
        for (int y = 0; y < Size; y++)
            src.Pixels.Slice(((top + y) * src.Width + left) * c, Size * c).CopyTo(dst.Pixels.Slice(y * Size * c, Size * c));
        return dst;
    }
}
