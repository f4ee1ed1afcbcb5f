namespace Moby.Data;

/// <summary>
/// What decoding one image file may cost, and what its consumer needs. An image file's header declares its size,
/// and the decoder allocates for that size: a tiny crafted file can declare gigapixels, so the declared size is
/// checked against <see cref="MaxPixels"/> before anything is allocated.
/// </summary>
internal sealed record ImageDecodeOptions
{
    /// <summary>Pillow's MAX_IMAGE_PIXELS (a quarter gigabyte of 24-bit pixels): above it an image is refused.</summary>
    public const long DefaultMaxPixels = 89_478_485;

    /// <summary>Images above 4096 x 4096 pixels may be decoded scaled down; below it, never (results stay exact).</summary>
    public const long DefaultScaleAbovePixels = 4096L * 4096;

    /// <summary>
    /// Decode at a reduced size only down to this many times the target size on the shorter side, so that even the
    /// smallest random crop (8 % of the area: about 0.28 of each side) is still at least as large as the target.
    /// </summary>
    public const int TargetMargin = 4;

    public static ImageDecodeOptions Default { get; } = new();

    /// <summary>The most pixels (width x height, as the file declares them) an image may have; more is refused.</summary>
    public long MaxPixels { get; init; } = DefaultMaxPixels;

    /// <summary>
    /// The largest file read as an image: every loader worker holds a whole file in memory, and a file of any size can
    /// be named .png. Uncompressed 16-bit RGBA (8 bytes a pixel) at <see cref="MaxPixels"/>, plus 16 MiB of metadata
    /// (EXIF, ICC profiles), is more than any image within the pixel limit needs: about 730 MB by default.
    /// </summary>
    public long MaxFileBytes => 8 * MaxPixels + MetadataBytes;

    /// <summary>The metadata (EXIF, ICC profiles, XMP) an image file may carry: all of it may come before the size (a JPEG's frame header).</summary>
    public const int MetadataBytes = 16 << 20;

    /// <summary>The side length the consumer crops or resizes to (0 = not known: always decode at full size).</summary>
    public int TargetSize { get; init; }

    /// <summary>Above this many declared pixels, codecs that can (JPEG, in eighths) decode scaled down.</summary>
    internal long ScaleAbovePixels { get; init; } = DefaultScaleAbovePixels;
}
