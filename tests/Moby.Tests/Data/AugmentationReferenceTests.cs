using Moby.Data;
using Xunit;

namespace Moby.Tests.Data;

/// <summary>Each operation with fixed parameters against torchvision 0.14 / Pillow 9.4 on the same input.</summary>
public class AugmentationReferenceTests
{
    readonly AugmentationWorkspace ws = new();

    public static TheoryData<string> Crops => ReferenceCase.Named("resized_crop");
    public static TheoryData<string> Brightness => ReferenceCase.Named("brightness");
    public static TheoryData<string> Contrast => ReferenceCase.Named("contrast");
    public static TheoryData<string> Saturation => ReferenceCase.Named("saturation");
    public static TheoryData<string> Hue => ReferenceCase.Named("hue");
    public static TheoryData<string> Grayscale => ReferenceCase.Named("grayscale");
    public static TheoryData<string> Blur => ReferenceCase.Named("blur");
    public static TheoryData<string> Solarize => ReferenceCase.Named("solarize");
    public static TheoryData<string> Flip => ReferenceCase.Named("flip");
    public static TheoryData<string> Eval => ReferenceCase.Named("eval");

    [Theory, MemberData(nameof(Crops))]
    public void ResizedCropMatchesPilBilinear(string name)
    {
        var c = ReferenceCase.Get(name);
        var box = new CropBox(c.Int("left"), c.Int("top"), c.Int("w"), c.Int("h"));
        BilinearResize.Resize(c.InputImage(), box, ws.View, c.Int("ow"), c.Int("oh"), ws.Resize);
        AssertWithinOneLevel(c, ws.View);
    }

    [Theory, MemberData(nameof(Brightness))]
    public void BrightnessMatches(string name) => InPlace(name, (img, c) => ColorAdjust.Brightness(img, (float)c.Args["f"]));

    [Theory, MemberData(nameof(Contrast))]
    public void ContrastMatches(string name) => InPlace(name, (img, c) => ColorAdjust.Contrast(img, (float)c.Args["f"]));

    [Theory, MemberData(nameof(Saturation))]
    public void SaturationMatches(string name) => InPlace(name, (img, c) => ColorAdjust.Saturation(img, (float)c.Args["f"]));

    [Theory, MemberData(nameof(Hue))]
    public void HueMatches(string name) => InPlace(name, (img, c) => ColorAdjust.Hue(img, (float)c.Args["f"]));

    [Theory, MemberData(nameof(Grayscale))]
    public void GrayscaleMatches(string name) => InPlace(name, (img, _) => Moby.Data.Grayscale.Apply(img));

    [Theory, MemberData(nameof(Blur))]
    public void GaussianBlurMatchesPil(string name) =>
        InPlace(name, (img, c) => GaussianBlur.Apply(img, (float)c.Args["sigma"], ws.Blur));

    [Theory, MemberData(nameof(Solarize))]
    public void SolarizeMatches(string name) => InPlace(name, (img, _) => Moby.Data.Solarize.Apply(img));

    [Theory, MemberData(nameof(Flip))]
    public void FlipMatches(string name) => InPlace(name, (img, _) => HorizontalFlip.Apply(img));

    [Theory, MemberData(nameof(Eval))]
    public void EvalResizeAndCentreCropMatch(string name)
    {
        var c = ReferenceCase.Get(name);
        var input = c.InputImage();
        var transform = new EvalTransform(new EvalTransformOptions { Size = c.Int("size"), CropRatio = c.Args["ratio"] },
            input.Channels == 1 ? ChannelStats.FashionMnist : ChannelStats.ImageNet);
        AssertWithinOneLevel(c, transform.Preprocess(input, ws));
    }

    void InPlace(string name, Action<ImageBuffer, ReferenceCase> op)
    {
        var c = ReferenceCase.Get(name);
        var img = ImageBuffer.From(c.InputImage());
        op(img, c);
        AssertWithinOneLevel(c, img);
    }

    static void AssertWithinOneLevel(ReferenceCase c, ImageBuffer actual)
    {
        int max = Pixels.MaxDifference(c.Output(), actual);
        Assert.True(max <= 1, $"{c.Name}: largest difference {max} grey levels");
    }
}
