using Moby.Data;
using Xunit;

namespace Moby.Tests.Data;

/// <summary>An image file larger than any image within the pixel limit is refused before it is read (each loader worker held a whole file: 4 GB for one 1.9 GB junk file).</summary>
public class ImageFileSizeTests
{
    [Fact]
    public void AFileLargerThanThePixelLimitAllowsIsRefusedUnread()
    {
        using var temp = new TempDir();
        var options = new ImageDecodeOptions { MaxPixels = 1000 };
        string path = temp.File("big.png", []);
        using (var file = File.OpenWrite(path)) file.SetLength(options.MaxFileBytes + 1); // sparse: costs no disk

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeFile(path, options));

        Assert.Contains(path, error.Message);
        Assert.Contains($"the file has {options.MaxFileBytes + 1:N0} bytes, more than an image within the pixel limit can need", error.Message);
    }
}
