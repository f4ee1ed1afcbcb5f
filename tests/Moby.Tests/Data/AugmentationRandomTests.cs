using Moby.Config;
using Moby.Data;
using Moby.Runs;
using Xunit;

namespace Moby.Tests.Data;

/// <summary>Distributions of the random parameters; each bound is one a wrong range or formula would break.</summary>
public class AugmentationRandomTests
{
    const int Draws = 20000;
    static readonly SslAugmentationOptions Defaults = TrainingData.Augmentation(ConfigTree.Defaults(), 224);

    static IEnumerable<ViewPlan> Plans(ViewOptions view, int width = 400, int height = 300)
    {
        var transform = new TwoViewTransform(Defaults, ChannelStats.ImageNet);
        for (int i = 0; i < Draws; i++)
        {
            var rng = SplitMix.For(3, 0, i, 1);
            yield return transform.Plan(width, height, ref rng, view);
        }
    }

    [Fact]
    public void CropAreaIsUniformFromEightPercentAndRatioLogUniform()
    {
        var boxes = Plans(Defaults.View1).Select(p => p.Box).ToArray();
        var area = boxes.Select(b => b.Width * b.Height / 120000.0).ToArray();
        var ratio = boxes.Select(b => (double)b.Width / b.Height).ToArray();
        Assert.True(area.Min() > 0.075 && area.Max() <= 1.0);
        // Expected values from torchvision's get_params on a 400x300 image (200k draws): 17.5% of areas below 0.2,
        // mean area 0.434, 41.4% of ratios below 1 (tall crops are rejected more often). Tolerances are ~4 sd.
        // Scale drawn per side would put ~45% below 0.2; a uniform (not log-uniform) ratio would shift the 41%.
        Assert.InRange(area.Count(a => a < 0.2) / (double)Draws, 0.163, 0.187);
        Assert.InRange(area.Average(), 0.426, 0.442);
        Assert.InRange(ratio.Count(r => r < 1) / (double)Draws, 0.400, 0.428);
        Assert.True(ratio.Min() > 0.74 && ratio.Max() < 1.345);
        Assert.True(boxes.All(b => b.Left >= 0 && b.Top >= 0 && b.Left + b.Width <= 400 && b.Top + b.Height <= 300));
    }

    [Fact]
    public void CropFallsBackToTheCentralCropWithClampedRatio()
    {
        var rng = new SplitMix(1);
        // No crop of area >= 8% with ratio <= 4/3 fits a 1000x50 strip.
        var box = RandomResizedCrop.SampleBox(1000, 50, ref rng, 0.08, 1, 0.75, 4 / 3.0);
        Assert.Equal(new CropBox(466, 0, 67, 50), box);
        Assert.Equal(new CropBox(0, 0, 30, 40), RandomResizedCrop.CentralFallback(30, 40, 0.75, 4 / 3.0));
    }

    [Fact]
    public void JitterFactorsCoverTheirRangesInEveryOrder()
    {
        var jitters = Plans(Defaults.View1).Where(p => p.Jitter is not null).Select(p => p.Jitter!.Value).ToArray();
        AssertCovers(jitters.Select(j => (double)j.Brightness), 0.6, 1.4);
        AssertCovers(jitters.Select(j => (double)j.Contrast), 0.6, 1.4);
        AssertCovers(jitters.Select(j => (double)j.Saturation), 0.8, 1.2);
        AssertCovers(jitters.Select(j => (double)j.Hue), -0.1, 0.1);
        for (int op = 0; op < 4; op++)
            Assert.InRange(jitters.Count(j => j.OperationAt(0) == op) / (double)jitters.Length, 0.23, 0.27);
        Assert.True(jitters.All(j => Enumerable.Range(0, 4).Select(j.OperationAt).Distinct().Count() == 4));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void StepProbabilitiesMatchTheOfficialViews(int viewNumber)
    {
        var view = viewNumber == 1 ? Defaults.View1 : Defaults.View2;
        var plans = Plans(view).ToArray();
        AssertRate(plans.Count(p => p.Flip), 0.5);
        AssertRate(plans.Count(p => p.Jitter is not null), 0.8);
        AssertRate(plans.Count(p => p.Grayscale), 0.2);
        AssertRate(plans.Count(p => p.BlurSigma is not null), viewNumber == 1 ? 1.0 : 0.1);
        AssertRate(plans.Count(p => p.Solarize), viewNumber == 1 ? 0.0 : 0.2);
        AssertCovers(plans.Where(p => p.BlurSigma is not null).Select(p => (double)p.BlurSigma!.Value), 0.1, 2.0);
    }

    [Fact]
    public void ViewsDependOnlyOnSeedEpochAndIndex()
    {
        var image = ReferenceCase.Get("rgb48x40").InputImage();
        var transform = new TwoViewTransform(Defaults with { Size = 16 }, ChannelStats.ImageNet);
        float[] View(long seed, long epoch, long index, int which)
        {
            var (a, b) = (new float[transform.ViewLength], new float[transform.ViewLength]);
            transform.Apply(image, seed, epoch, index, a, b, new AugmentationWorkspace());
            return which == 1 ? a : b;
        }
        Assert.Equal(View(1, 2, 3, 1), View(1, 2, 3, 1));
        Assert.NotEqual(View(1, 2, 3, 1), View(1, 2, 3, 2));
        Assert.NotEqual(View(1, 2, 3, 1), View(1, 2, 4, 1));
        Assert.NotEqual(View(1, 2, 3, 1), View(1, 3, 3, 1));
        Assert.NotEqual(View(1, 2, 3, 1), View(2, 2, 3, 1));
    }

    [Fact]
    public void OneChannelImagesStayOneChannel()
    {
        var image = ReferenceCase.Get("gray28").InputImage();
        var transform = new TwoViewTransform(Defaults with { Size = 28 }, ChannelStats.FashionMnist);
        var ws = new AugmentationWorkspace();
        for (int i = 0; i < 50; i++)
        {
            var rng = SplitMix.For(0, 0, i, 1);
            Assert.Equal(1, transform.Execute(image, transform.Plan(28, 28, ref rng, Defaults.View2), ws).Channels);
        }
        Assert.Equal(28 * 28, transform.ViewLength);
    }

    [Fact]
    public void NormalizeMatchesToTensorThenNormalize()
    {
        var image = ImageBuffer.From(DecodedImage.Create([0, 128, 255, 10, 20, 30], 2, 1, 3));
        var chw = new float[6];
        new Normalize(ChannelStats.ImageNet).ToChw(image, chw);
        Assert.Equal((0 / 255f - 0.485f) / 0.229f, chw[0]);
        Assert.Equal((10 / 255f - 0.485f) / 0.229f, chw[1]);
        Assert.Equal((128 / 255f - 0.456f) / 0.224f, chw[2]);
        Assert.Equal((30 / 255f - 0.406f) / 0.225f, chw[5]);
    }

    static void AssertRate(int count, double p) => Assert.InRange(count / (double)Draws, p - 0.015, p + 0.015);

    /// <summary>All values inside [low, high] and both ends approached (within 1% of the width).</summary>
    static void AssertCovers(IEnumerable<double> values, double low, double high)
    {
        var v = values.ToArray();
        double slack = (high - low) * 0.01;
        Assert.InRange(v.Min(), low, low + slack);
        Assert.InRange(v.Max(), high - slack, high);
        Assert.InRange(v.Average(), (low + high) / 2 - 2 * slack, (low + high) / 2 + 2 * slack);
    }
}
