using Moby.Data;
using Xunit;

namespace Moby.Tests.Data;

internal static class Pixels
{
    /// <summary>Largest absolute difference, after checking the shapes agree.</summary>
    public static int MaxDifference(DecodedImage expected, ImageBuffer actual)
    {
        Assert.Equal((expected.Width, expected.Height, expected.Channels), (actual.Width, actual.Height, actual.Channels));
        var e = expected.Pixels.Span;
        var a = actual.Pixels;
        int max = 0;
        for (int i = 0; i < e.Length; i++)
            max = Math.Max(max, Math.Abs(e[i] - a[i]));
        return max;
    }
}
