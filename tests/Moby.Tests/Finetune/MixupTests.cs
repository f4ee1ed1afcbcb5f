using Moby.Data;
using Moby.Finetune;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Finetune;

/// <summary>timm's batch mixup and cutmix: the Beta draws, the mixed images and box, the soft targets, and their determinism per step.</summary>
public class MixupTests
{
    [Theory]
    [InlineData(0.8)]
    [InlineData(1.0)]
    [InlineData(2.5)]
    public void BetaDrawsHaveTheMeanAndVarianceOfBetaAA(double alpha)
    {
        var rng = new SplitMix(42);
        var draws = Enumerable.Range(0, 40_000).Select(_ => BetaSampler.Symmetric(alpha, ref rng)).ToArray();
        double mean = draws.Average(), variance = draws.Select(d => (d - mean) * (d - mean)).Average();
        Assert.Equal(0.5, mean, 2);
        Assert.Equal(1 / (4 * (2 * alpha + 1)), variance, 2); // Var Beta(a, a) = 1 / (4 (2a + 1))
        Assert.All(draws, d => Assert.InRange(d, 0, 1));
    }

    [Fact]
    public void MixupBlendsEachImageWithTheReversedBatchAndItsTargets()
    {
        var mixup = new Mixup(MixupAlpha: 0.8, CutmixAlpha: 0, Probability: 1, SwitchProbability: 0.5, LabelSmoothing: 0.1);
        using var images = randn(4, 1, 8, 8);
        using var labels = tensor(new long[] { 0, 1, 2, 1 });
        var (mixed, targets) = mixup.Apply(images, labels, 3, seed: 7, step: 3, stream: 0);
        var rng = SplitMix.For(7, 3, 0, -5);
        double lam = mixup.Draw(ref rng).Lam;
        Assert.InRange(lam, 0, 0.999);
        TensorAssert.RelativeClose(images * lam + images.flip(0) * (1 - lam), mixed, 1e-6, "mixed images");
        // Image 0 is mixed with image 3: label 0 with weight lam, label 1 with 1 - lam, smoothing 0.1 / 3 off each.
        double off = 0.1 / 3, on = 0.9 + off;
        Assert.Equal(lam * on + (1 - lam) * off, targets[0, 0].item<float>(), 5);
        Assert.Equal(lam * off + (1 - lam) * on, targets[0, 1].item<float>(), 5);
        TensorAssert.RelativeClose(ones(4), targets.sum(1), 1e-6, "targets sum to 1");
        var (again, _) = mixup.Apply(images, labels, 3, seed: 7, step: 3, stream: 0);
        TensorAssert.Equal(mixed, again, "the same step mixes the same way");
    }

    [Fact]
    public void CutmixPastesABoxFromTheReversedBatchAndWeighsTheTargetsByItsArea()
    {
        var cutmix = new Mixup(MixupAlpha: 0, CutmixAlpha: 1.0, Probability: 1, SwitchProbability: 0.5, LabelSmoothing: 0);
        using var images = arange(4).view(4, 1, 1, 1).expand(4, 1, 16, 16).to(float32).contiguous();
        using var labels = tensor(new long[] { 0, 1, 2, 3 });
        var (mixed, targets) = cutmix.Apply(images, labels, 4, seed: 1, step: 0, stream: 0);
        // Image 0 holds 0 outside the box and image 3's value 3 inside it: its area fraction is 1 - lam.
        double pasted = mixed[0].eq(3).sum().item<long>() / 256.0;
        Assert.True(pasted > 0, "some pixels pasted");
        Assert.Equal(1 - pasted, targets[0, 0].item<float>(), 5);
        Assert.Equal(pasted, targets[0, 3].item<float>(), 5);
    }

    [Fact]
    public void CutmixBoxesStayInsideTheImageWithTheRequestedArea()
    {
        var rng = new SplitMix(3);
        for (int i = 0; i < 200; i++)
        {
            var (top, bottom, left, right) = Mixup.Box(32, 24, 0.6, ref rng);
            Assert.InRange(top, 0, bottom);
            Assert.InRange(bottom, top, 32);
            Assert.InRange(left, 0, right);
            Assert.InRange(right, left, 24);
            Assert.True((bottom - top) * (right - left) <= (int)(32 * Math.Sqrt(0.4)) * (int)(24 * Math.Sqrt(0.4)));
        }
    }

    [Fact]
    public void DisabledMixupKeepsTheBatchWithSmoothedTargets()
    {
        var off = new Mixup(0, 0, 1, 0.5, LabelSmoothing: 0.1);
        Assert.False(off.Enabled);
        using var images = randn(2, 3, 4, 4);
        var (mixed, targets) = off.Apply(images, tensor(new long[] { 1, 0 }), 2, 0, 0, 0);
        TensorAssert.Equal(images, mixed, "unchanged");
        Assert.Equal(0.95f, targets[0, 1].item<float>(), 5);
    }
}
