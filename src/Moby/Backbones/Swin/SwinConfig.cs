using Moby.Backbones;
using Moby.Interop;

namespace Moby.Backbones.Swin;

/// <summary>Constructor arguments of the official SwinTransformer (MoBY's copy), plus MoBY's ablation switches.</summary>
public sealed record SwinConfig : IBackboneConfig
{
    /// <summary>Input image side in pixels (square images).</summary>
    public int ImgSize { get; init; } = 224;
    /// <summary>Side of the square patches that become the first tokens.</summary>
    public int PatchSize { get; init; } = 4;
    /// <summary>Input channels (3 for RGB, 1 for grayscale).</summary>
    public int InChans { get; init; } = 3;
    /// <summary>Channels of the first stage; each later stage doubles them.</summary>
    public int EmbedDim { get; init; } = 96;
    /// <summary>Transformer blocks per stage.</summary>
    public int[] Depths { get; init; } = [2, 2, 6, 2];
    /// <summary>Attention heads per stage.</summary>
    public int[] NumHeads { get; init; } = [3, 6, 12, 24];
    /// <summary>Side of the attention windows, in tokens (clipped to a stage whose grid is smaller).</summary>
    public int WindowSize { get; init; } = 7;
    /// <summary>Hidden width of each MLP as a multiple of its stage's channels.</summary>
    public double MlpRatio { get; init; } = 4.0;
    /// <summary>A bias on the query, key and value projections.</summary>
    public bool QkvBias { get; init; } = true;
    /// <summary>Absolute position embedding (key <c>absolute_pos_embed</c>); off in every MoBY recipe.</summary>
    public bool Ape { get; init; }
    /// <summary>A LayerNorm after the patch embedding.</summary>
    public bool PatchNorm { get; init; } = true;
    /// <summary>Stochastic depth: the drop-path rate of the last block, rising linearly from 0 at the first.</summary>
    public double DropPathRate { get; init; } = 0.1;
    /// <summary>"ln" (official) or "bn": BatchNorm instead of LayerNorm before each MLP (MoCo v3 trick).</summary>
    public string NormBeforeMlp { get; init; } = "ln";
    /// <summary>Freeze the randomly initialised patch embedding (MoCo v3 trick).</summary>
    public bool FixedPatchEmbed { get; init; }
    /// <summary>A convolutional stem (<see cref="Nn.ConvStem"/>) instead of the patchify convolution; needs a power-of-two patch.</summary>
    public bool ConvStem { get; init; }

    /// <summary>
    /// The official Swin segmentation/detection backbone's geometry instead of the classifier's: any input size (the image
    /// padded at the bottom and right to a multiple of the patch, each stage's grid to a multiple of its window, with the
    /// shift mask built for the padded grid; PatchMerging pads odd sizes) and every odd block shifted by half its window.
    /// </summary>
    public bool Padded { get; init; }

    /// <summary>A window per stage (padded backbones): null = <see cref="WindowSize"/> clipped to each stage's resolution, as the classifier.</summary>
    public int[]? StageWindows { get; init; }

    /// <inheritdoc/>
    public IBackboneConfig WithInput(int? imgSize, int? inChans) => this with { ImgSize = imgSize ?? ImgSize, InChans = inChans ?? InChans };
    /// <inheritdoc/>
    public IBackboneConfig WithDropPath(double rate) => this with { DropPathRate = rate };
    /// <inheritdoc/>
    public IBackboneConfig WithConvStem(bool on) => this with { ConvStem = on };
    /// <inheritdoc/>
    public Backbone Create() => new SwinTransformer(this);

    /// <summary>The number of stages.</summary>
    public int NumLayers => Depths.Length;
    /// <summary>Width of the pooled feature: the last stage's channels.</summary>
    public long NumFeatures => (long)EmbedDim << (NumLayers - 1);

    /// <summary>Token-grid side at stage <paramref name="stage"/>.</summary>
    public int Resolution(int stage) => ImgSize / PatchSize >> stage;

    /// <summary>The window of a stage: clipped to the resolution when the grid is no larger than the window (official rule).</summary>
    public int StageWindow(int stage) => StageWindows?[stage] ?? Math.Min(WindowSize, Resolution(stage));

    /// <summary>The cyclic shift of a stage's odd blocks: half the window in a padded backbone; in the classifier, none when the grid is no larger than the window (official rule).</summary>
    public int StageShift(int stage) => Padded ? StageWindow(stage) / 2 : Resolution(stage) > WindowSize ? WindowSize / 2 : 0;

    /// <summary>Describes why this configuration cannot run, or null when it can.</summary>
    public string? Problem()
    {
        if (Depths.Length == 0 || Depths.Length != NumHeads.Length) return "DEPTHS and NUM_HEADS must be non-empty and of the same length";
        if (NormBeforeMlp is not ("ln" or "bn")) return $"NORM_BEFORE_MLP must be 'ln' or 'bn', got '{ShownNames.One(NormBeforeMlp)}'";
        for (int i = 0; i < NumLayers; i++)
            if ((EmbedDim << i) % NumHeads[i] != 0) return $"stage {i}: {EmbedDim << i} channels do not divide by {NumHeads[i]} heads";
        if (ConvStem && !Nn.ConvStem.Supports(PatchSize)) return $"a convolutional stem needs a power-of-two patch size, got {PatchSize}";
        if (StageWindows is { } windows && (windows.Length != NumLayers || windows.Any(w => w < 1)))
            return $"the per-stage windows [{string.Join(", ", windows)}] must be {NumLayers} positive sizes, one per stage";
        if (Padded) return Ape ? "a padded backbone takes any input size, which a learned absolute position embedding does not" : null;
        return GridProblem(ImgSize);
    }

    private string? GridProblem(int imgSize)
    {
        if (imgSize % PatchSize != 0) return $"image size {imgSize} is not a multiple of the patch size {PatchSize}";
        int resolution = imgSize / PatchSize;
        for (int stage = 0; stage < NumLayers; stage++, resolution /= 2)
        {
            int window = StageWindows?[stage] ?? Math.Min(WindowSize, resolution);
            if (resolution == 0 || resolution % window != 0)
                return $"stage {stage} has a {resolution}x{resolution} token grid, which window {window} does not tile";
            if (stage < NumLayers - 1 && resolution % 2 != 0)
                return $"stage {stage} has an odd {resolution}x{resolution} token grid, which patch merging cannot halve";
        }
        return null;
    }

    /// <summary>Image sizes up to <paramref name="max"/> that this architecture accepts.</summary>
    public IEnumerable<int> ValidImageSizes(int max = 512) =>
        Enumerable.Range(1, max).Where(s => GridProblem(s) is null);

    /// <summary>Throws when the configuration cannot run, naming image sizes that would.</summary>
    /// <exception cref="ArgumentException">The configuration cannot run.</exception>
    public void Validate()
    {
        string? problem = Problem();
        if (problem is null) return;
        string sizes = string.Join(", ", ValidImageSizes().Take(12));
        throw new ArgumentException($"Invalid Swin configuration: {problem}. Image sizes that work with patch {PatchSize}, " +
                                    $"window {WindowSize} and {NumLayers} stages: {sizes}{(ValidImageSizes().Count() > 12 ? ", ..." : "")}.");
    }
}
