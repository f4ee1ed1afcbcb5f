namespace Moby.Data.Segmentation;

/// <summary>
/// How <see cref="FashionScenes"/> composes its canvases. A garment's pixel belongs to it where its rescaled intensity
/// exceeds <see cref="Threshold"/> (Fashion-MNIST's background is exactly 0; 32 of 255 keeps the faint anti-aliased rim
/// of the rescaled garment, which has no clear class, out of the labels). An instance whose visible (unoccluded) mask
/// has fewer than <see cref="MinArea"/> pixels is left out of the COCO file, its pixels still labelled.
/// </summary>
public sealed record SceneOptions
{
    /// <summary>Canvas side in pixels.</summary>
    public int Size { get; init; } = 64;

    /// <summary>Training scenes (from Fashion-MNIST's train split).</summary>
    public int Train { get; init; } = 2000;

    /// <summary>Validation scenes (from Fashion-MNIST's test split).</summary>
    public int Val { get; init; } = 500;

    /// <summary>Every draw follows from (seed, split, scene index).</summary>
    public long Seed { get; init; }

    /// <summary>Garments per scene, drawn uniformly from 1 to this.</summary>
    public int MaxObjects { get; init; } = 4;

    /// <summary>Intensity (0-255) above which a rescaled garment pixel is the garment.</summary>
    public int Threshold { get; init; } = 32;

    /// <summary>Smallest visible area (pixels) of an instance kept in the COCO file.</summary>
    public int MinArea { get; init; } = 16;

    /// <summary>Smallest garment side after rescaling, as a fraction of the canvas (the side is uniform in [min, max]).</summary>
    public double MinScale { get; init; } = 0.25;

    /// <summary>Largest garment side after rescaling, as a fraction of the canvas.</summary>
    public double MaxScale { get; init; } = 0.625;

    internal void Validate()
    {
        if (Size is < 16 or > 1024) throw new ArgumentException($"scene size must be 16 to 1024 pixels, got {Size}");
        if (Train < 0 || Val < 0 || Train + Val == 0 || Train > 1_000_000 || Val > 1_000_000)
            throw new ArgumentException($"scene counts must be 0 to 1000000 and not both 0, got {Train} training and {Val} validation");
        if (MaxObjects is < 1 or > 64 || Threshold is < 0 or > 254 || MinArea < 0)
            throw new ArgumentException($"garments per scene must be 1 to 64, the threshold 0 to 254 and the minimum area at least 0, got {MaxObjects}, {Threshold} and {MinArea}");
        if (!(MinScale > 0 && MinScale <= MaxScale && MaxScale <= 1))
            throw new ArgumentException($"garment scales must satisfy 0 < min <= max <= 1, got [{MinScale}, {MaxScale}]");
    }
}
