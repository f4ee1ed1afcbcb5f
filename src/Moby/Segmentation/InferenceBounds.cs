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
/// <param name="MaxLogitsBytes">The class scores of one batch at most: the run's share of memory for one image
/// (<see cref="Config.Memory.MemoryLimit.PerImage"/>), given by whoever builds the run, so that tests give their own.</param>
internal sealed record InferenceBounds(long WholeMaxPixels, SlidingWindow Fallback, long MaxLogitsBytes)
{
    /// <summary>No bound: whole-image inference at any size (tests of the plain pipeline).</summary>
    public static InferenceBounds None { get; } = new(long.MaxValue, new SlidingWindow(1, 1), long.MaxValue);

    /// <summary>Bytes of the class scores of an image of <paramref name="image"/>'s size: at the model's input size or at its own, whichever is larger.</summary>
    public static long LogitsBytes((int Width, int Height) image, (int Width, int Height) input, int classes) =>
        4L * classes * Math.Max((long)image.Width * image.Height, (long)input.Width * input.Height);

    /// <summary>
    /// Refuses an image of <paramref name="image"/>'s size whose class scores alone pass <see cref="MaxLogitsBytes"/>
    /// (before it is prepared: preparing copies it; or before it is decoded, from the size its header declares);
    /// <paramref name="input"/> is the model's input size for it.
    /// </summary>
    public void RequireLogitsWithin(string name, (int Width, int Height) image, (int Width, int Height) input, int classes)
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
