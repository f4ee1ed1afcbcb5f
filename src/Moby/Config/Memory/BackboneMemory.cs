using Moby.Backbones;
using Moby.Backbones.Swin;
using Moby.Backbones.Vit;

namespace Moby.Config.Memory;

/// <summary>
/// About how many numbers a backbone holds, as weights and as activations of one image, from its configuration alone
/// (nothing is built). Counts are in elements, doubles so that no crafted size overflows. The activation counts are
/// fitted to measured runs (bench train, peak resident memory against the batch: Swin-T at 224 px takes about 225 MiB
/// a view per image in a MoBY step, forward, backward and the target's forward, counted here as 230; DeiT-S about
/// 117 MiB, counted as 120): upper-ish, not exact.
/// </summary>
internal static class BackboneMemory
{
    /// <summary>The weights: patch embedding, blocks, patch merging and norms (a classification head is the caller's).</summary>
    public static double Parameters(IBackboneConfig encoder) => encoder switch
    {
        SwinConfig swin => SwinParameters(swin),
        VitConfig vit => Embedding(vit.InChans, vit.PatchSize, vit.EmbedDim, vit.ConvStem) + (vit.NumPatches + 2.0) * vit.EmbedDim
                         + vit.Depth * Block(vit.EmbedDim, vit.MlpRatio) + 2.0 * vit.EmbedDim,
        _ => throw new ArgumentException($"Unknown encoder {encoder.GetType().Name}"),
    };

    /// <summary>What one image of <paramref name="height"/> x <paramref name="width"/> pixels keeps for the backward pass.</summary>
    public static double TrainingActivations(IBackboneConfig encoder, double height, double width)
    {
        var stages = Stages(encoder, height, width).ToList();
        // Patch merging after each stage but the last: the four-way concatenation, its norm and the reduction, 3.5 widths a token.
        double merging = stages.SkipLast(1).Sum(s => 3.5 * s.Tokens * s.Width);
        return stages.Sum(s => s.Blocks * s.Tokens * PerTokenSaved(s)) + merging + EmbeddingActivations(encoder, height, width);
    }

    /// <summary>
    /// What one image of <paramref name="height"/> x <paramref name="width"/> pixels needs at once without gradients: the
    /// busiest block's temporaries (every window's attention map at once) and each stage's output (the pyramid heads read them all).
    /// </summary>
    public static double InferenceActivations(IBackboneConfig encoder, double height, double width)
    {
        var stages = Stages(encoder, height, width).ToList();
        return stages.Max(s => s.Tokens * ((6 + 2 * s.MlpRatio) * s.Width + 2 * s.Heads * s.Keys)) + stages.Sum(s => s.Tokens * s.Width)
               + EmbeddingActivations(encoder, height, width);
    }

    /// <summary>The channels of each stage's output (a Swin's pyramid; a ViT's one width).</summary>
    public static IReadOnlyList<double> StageWidths(IBackboneConfig encoder) => encoder switch
    {
        SwinConfig swin => Enumerable.Range(0, swin.NumLayers).Select(s => Width(swin, s)).ToList(),
        VitConfig vit => [vit.EmbedDim],
        _ => throw new ArgumentException($"Unknown encoder {encoder.GetType().Name}"),
    };

    /// <summary>A stage as memory sees it: its blocks, tokens per image, width, heads and keys each query attends to.</summary>
    private sealed record Stage(double Blocks, double Tokens, double Width, double Heads, double Keys, double MlpRatio);

    /// <summary>
    /// Saved per token by a training block: norms, the shifted and partitioned copies, q, k, v, the attention output and
    /// projection, the MLP's hidden width twice (linear and GELU), the residuals and drop-path masks, and the scores and
    /// softmax of every head; with the gradients that backward makes on the way (fitted to measured runs: 22 + 3 x ratio
    /// widths and 4 maps).
    /// </summary>
    private static double PerTokenSaved(Stage s) => (22 + 3 * s.MlpRatio) * s.Width + 4 * s.Heads * s.Keys;

    private static IEnumerable<Stage> Stages(IBackboneConfig encoder, double height, double width)
    {
        if (encoder is VitConfig vit)
        {
            // Without a mask, libtorch's fused attention keeps no attention map, only a log-sum-exp per head and token
            // (measured: DeiT-S's memory is its widths alone); a Swin's bias and shift mask make it keep them.
            double tokens = Math.Floor(height / vit.PatchSize) * Math.Floor(width / vit.PatchSize) + 1;
            yield return new Stage(vit.Depth, tokens, vit.EmbedDim, vit.NumHeads, 1, vit.MlpRatio);
            yield break;
        }
        var swin = (SwinConfig)encoder;
        double rows = Math.Ceiling(height / swin.PatchSize), columns = Math.Ceiling(width / swin.PatchSize);
        for (int stage = 0; stage < swin.NumLayers; stage++, rows = Math.Ceiling(rows / 2), columns = Math.Ceiling(columns / 2))
        {
            double window = Window(swin, stage, Math.Max(rows, columns));
            double tokens = Padded(rows, window) * Padded(columns, window);
            yield return new Stage(swin.Depths[stage], tokens, Width(swin, stage), Heads(swin, stage), window * window, swin.MlpRatio);
        }
    }

    private static double Padded(double side, double window) => window <= 0 ? side : Math.Ceiling(side / window) * window;

    /// <summary>A stage's window: the per-stage one of a pyramid, else the configured one clipped to the grid (the classifier's rule).</summary>
    private static double Window(SwinConfig swin, int stage, double grid) =>
        swin.StageWindows is { } windows && stage < windows.Length ? windows[stage] : Math.Max(1, Math.Min(swin.WindowSize, grid));

    private static double Width(SwinConfig swin, int stage) => swin.EmbedDim * Math.Pow(2, stage);

    /// <summary>The heads of a stage; a crafted list shorter than the depths takes its last entry (the model refuses it later).</summary>
    private static double Heads(SwinConfig swin, int stage) => swin.NumHeads.Length == 0 ? 1 : swin.NumHeads[Math.Min(stage, swin.NumHeads.Length - 1)];

    private static double SwinParameters(SwinConfig swin)
    {
        double total = Embedding(swin.InChans, swin.PatchSize, swin.EmbedDim, swin.ConvStem) + (swin.PatchNorm ? 2.0 * swin.EmbedDim : 0);
        if (swin.Ape) total += Math.Pow(Math.Floor((double)swin.ImgSize / swin.PatchSize), 2) * swin.EmbedDim;
        for (int stage = 0; stage < swin.NumLayers; stage++)
        {
            double c = Width(swin, stage), window = swin.StageWindows is { } w && stage < w.Length ? w[stage] : swin.WindowSize;
            total += swin.Depths[stage] * (Block(c, swin.MlpRatio) + Math.Pow(2 * window - 1, 2) * Heads(swin, stage));
            total += stage < swin.NumLayers - 1 ? 8 * c * c + 8 * c : 2 * c; // patch merging (reduction, norm), or the final norm
        }
        return total;
    }

    /// <summary>A transformer block: qkv and projection (4 c^2), the MLP (2 ratio c^2), their biases and two norms.</summary>
    private static double Block(double c, double mlpRatio) => (4 + 2 * mlpRatio) * c * c + (9 + mlpRatio) * c;

    /// <summary>The patchify convolution, or the convolutional stem's 3x3 stages (with BatchNorm) and its 1x1 projection.</summary>
    private static double Embedding(int inChans, int patchSize, int embedDim, bool convStem)
    {
        if (!convStem || !Nn.ConvStem.Supports(patchSize)) return (double)inChans * patchSize * patchSize * embedDim + embedDim;
        double total = 0, channels = inChans;
        foreach (long width in Nn.ConvStem.StageWidths(embedDim, patchSize))
        {
            total += 9 * channels * width + 3.0 * width;
            channels = width;
        }
        return total + channels * embedDim + embedDim;
    }

    /// <summary>The input, the patch embedding's output and norm (and a stem's maps: convolution, norm, activation at each halving).</summary>
    private static double EmbeddingActivations(IBackboneConfig encoder, double height, double width)
    {
        (int patch, int embedDim, bool stem) = encoder switch
        {
            SwinConfig s => (s.PatchSize, s.EmbedDim, s.ConvStem),
            VitConfig v => (v.PatchSize, v.EmbedDim, v.ConvStem),
            _ => (1, 1, false),
        };
        double pixels = height * width, total = encoder.InChans * pixels + 3 * pixels / ((double)patch * patch) * embedDim;
        if (stem && Nn.ConvStem.Supports(patch))
            total += Nn.ConvStem.StageWidths(embedDim, patch).Select((w, i) => 3 * w * pixels / Math.Pow(4, i + 1)).Sum();
        return total;
    }
}
