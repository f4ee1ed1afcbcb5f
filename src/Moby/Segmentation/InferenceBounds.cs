using Moby.Interop;
using Moby.Data;

namespace Moby.Segmentation;

/// <summary>
/// What one forward of segmentation inference may cost. The model's activations grow with its input's pixels, so
/// whole-image inference runs on at most <see cref="WholeMaxPixels"/> (MOBYNET.SEG.TEST_MAX_PIXELS) input pixels at once;
/// a larger image goes through the sliding window instead (<see cref="Fallback"/>). The class scores of an image at its
/// size (classes x pixels x 4 bytes, both at the model's input size and at the image's own) are held whole whatever
/// the mode, so an image whose scores pass <see cref="MaxLogitsBytes"/> is refused, naming it.
/// </summary>
internal sealed record InferenceBounds(long WholeMaxPixels, SlidingWindow Fallback)
{
    /// <summary>The class scores of one batch at most: 2 GiB (150 ADE20K classes at 3.5 megapixels, 11 at 48).</summary>
    public const long MaxLogitsBytes = 2L << 30;

    /// <summary>No bound: whole-image inference at any size (tests of the plain pipeline).</summary>
    public static InferenceBounds None { get; } = new(long.MaxValue, new SlidingWindow(1, 1));

    /// <summary>Bytes of an image's class scores: at the model's input size or at its own, whichever is larger.</summary>
    public static long LogitsBytes(DecodedImage image, (int Width, int Height) input, int classes) =>
        4L * classes * Math.Max((long)image.Width * image.Height, (long)input.Width * input.Height);

    /// <summary>
    /// Refuses an image whose class scores alone pass <see cref="MaxLogitsBytes"/> (before it is prepared: preparing
    /// copies it); <paramref name="input"/> is the model's input size for it.
    /// </summary>
    public static void RequireLogitsWithin(string name, DecodedImage image, (int Width, int Height) input, int classes)
    {
        long bytes = LogitsBytes(image, input, classes);
        if (bytes > MaxLogitsBytes)
            throw new DataException($"image '{ShownNames.Path(name)}' ({image.Width} x {image.Height}) needs {bytes >> 20} MiB of class scores " +
                                    $"({classes} classes x its pixels x 4 bytes), more than the {MaxLogitsBytes >> 20} MiB segmentation " +
                                    "inference holds per image: resize it");
    }

    /// <summary>Whether <paramref name="count"/> inputs like <paramref name="input"/> go through the model together.</summary>
    public bool Fit(int count, ImageBuffer input, long logitsBytes, bool sliding) =>
        count * logitsBytes <= MaxLogitsBytes && (sliding || count * (long)input.Width * input.Height <= WholeMaxPixels);

    /// <summary>The window for an input in whole-image mode: none when it is small enough to go through whole.</summary>
    public SlidingWindow? ForWhole(ImageBuffer input) => (long)input.Width * input.Height > WholeMaxPixels ? Fallback : null;
}
