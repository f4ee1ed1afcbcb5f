namespace Moby.Data.Detection;

/// <summary>
/// What a COCO file may make the reader allocate. The file is read whole (so its size bounds the text), and every
/// count it declares is checked before the memory is taken. The defaults are far above real data sets (COCO 2017's
/// training file: 448 MB, 118k images, 860k annotations, polygons of a few hundred points); the mask bound allows an
/// image's instance masks to be decoded at once, as training does.
/// </summary>
internal sealed record CocoLimits
{
    public long MaxFileBytes { get; init; } = 1L << 30;
    public int MaxImages { get; init; } = 1 << 22;
    public int MaxAnnotations { get; init; } = 1 << 24;
    public int MaxCategories { get; init; } = 1 << 16;

    /// <summary>Polygon coordinates, or uncompressed runs, of one annotation.</summary>
    public int MaxValuesPerAnnotation { get; init; } = 1 << 24;

    /// <summary>Width x height of one image (the decoder's limit, <see cref="ImageDecodeOptions.MaxPixels"/>).</summary>
    public long MaxPixels { get; init; } = ImageDecodeOptions.DefaultMaxPixels;

    /// <summary>Annotations x width x height of one image: the bytes of its masks decoded together. They are decoded
    /// into one byte array, so at most <see cref="Array.MaxLength"/>: beyond it the count overflowed instead of being
    /// refused (45 full masks of 9400 x 9400).</summary>
    public long MaxMaskBytesPerImage { get; init; } = Array.MaxLength;

    public static CocoLimits Default { get; } = new();
}
