using Moby.Data;
using static TorchSharp.torch;
using static Moby.Torch.Scalars;

namespace Moby.Finetune;

/// <summary>
/// timm's Mixup in batch mode, for the supervised Swin / DeiT recipe: with probability <c>Probability</c> a batch is
/// mixed with itself reversed, by mixup (x = lam x + (1 - lam) x.flip(0), lam ~ Beta(MixupAlpha, MixupAlpha)) or, with
/// probability <c>SwitchProbability</c> when both are on, by cutmix (a box of area 1 - lam pasted from the reversed batch,
/// lam corrected to the box actually pasted); the targets are the label-smoothed one-hot labels mixed by the same lam.
/// Each step's draws follow from (seed, step, rank, micro-batch), so a resumed run mixes as an uninterrupted one.
/// </summary>
internal sealed record Mixup(double MixupAlpha, double CutmixAlpha, double Probability, double SwitchProbability, double LabelSmoothing)
{
    private const long Purpose = -5; // apart from the label split (-4) and step seeds (-3)

    public bool Enabled => (MixupAlpha > 0 || CutmixAlpha > 0) && Probability > 0;

    /// <summary>The mixed images [B, C, H, W] (a new tensor) and soft targets [B, classes].</summary>
    public (Tensor Images, Tensor Targets) Apply(Tensor images, Tensor labels, int classes, long seed, long step, long stream)
    {
        var rng = SplitMix.For(seed, step, stream, Purpose);
        var (lam, cutmix) = Draw(ref rng);
        var mixed = images.clone();
        if (lam < 1)
        {
            using var reversed = images.flip(0);
            if (cutmix) lam = PasteBox(mixed, reversed, lam, ref rng);
            else
            {
                using var own = Of(lam);
                using var other = Of(1 - lam);
                mixed.mul_(own).add_(reversed, other);
            }
        }
        return (mixed, Targets(labels, classes, lam));
    }

    /// <summary>lam and whether to cut, drawn in timm's order.</summary>
    public (double Lam, bool Cutmix) Draw(ref SplitMix rng)
    {
        if (!Enabled || !rng.Chance(Probability)) return (1, false);
        bool cutmix = CutmixAlpha > 0 && (MixupAlpha <= 0 || rng.Chance(SwitchProbability));
        return (BetaSampler.Symmetric(cutmix ? CutmixAlpha : MixupAlpha, ref rng), cutmix);
    }

    /// <summary>timm's rand_bbox (no margin) and the lam of the box it gives: 1 - box area / image area.</summary>
    public static (int Top, int Bottom, int Left, int Right) Box(int height, int width, double lam, ref SplitMix rng)
    {
        double ratio = Math.Sqrt(1 - lam);
        int cutH = (int)(height * ratio), cutW = (int)(width * ratio);
        int cy = rng.NextInt(height), cx = rng.NextInt(width);
        return (Math.Clamp(cy - cutH / 2, 0, height), Math.Clamp(cy + cutH / 2, 0, height), Math.Clamp(cx - cutW / 2, 0, width), Math.Clamp(cx + cutW / 2, 0, width));
    }

    private static double PasteBox(Tensor mixed, Tensor reversed, double lam, ref SplitMix rng)
    {
        int height = (int)mixed.shape[2], width = (int)mixed.shape[3];
        var (top, bottom, left, right) = Box(height, width, lam, ref rng);
        if (bottom > top && right > left)
        {
            using var region = mixed.narrow(2, top, bottom - top).narrow(3, left, right - left);
            using var source = reversed.narrow(2, top, bottom - top).narrow(3, left, right - left);
            region.copy_(source);
        }
        return 1 - (double)(bottom - top) * (right - left) / (height * width);
    }

    /// <summary>timm's mixup_target: one-hot with smoothing/classes off and 1 - smoothing + off on, mixed with the reversed batch's.</summary>
    public Tensor Targets(Tensor labels, int classes, double lam)
    {
        using var scope = NewDisposeScope();
        double off = LabelSmoothing / classes, on = 1 - LabelSmoothing + off;
        using var spread = Of(on - off);
        using var floor = Of(off);
        using var own = Of(lam);
        using var other = Of(1 - lam);
        Tensor OneHot(Tensor l) => nn.functional.one_hot(l, classes).to(float32).mul(spread).add(floor, One);
        return OneHot(labels).mul(own).add(OneHot(labels.flip(0)).mul(other), One).MoveToOuterDisposeScope();
    }
}
