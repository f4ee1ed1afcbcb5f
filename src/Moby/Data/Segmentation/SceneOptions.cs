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

    public long Seed { get; init; }

    /// <summary>Garments per scene, drawn uniformly from 1 to this.</summary>
    public int MaxObjects { get; init; } = 4;

    /// <summary>Intensity (0-255) above which a rescaled garment pixel is the garment.</summary>
    public int Threshold { get; init; } = 32;

    /// <summary>Smallest visible area (pixels) of an instance kept in the COCO file.</summary>
    public int MinArea { get; init; } = 16;

    /// <summary>Garment side after rescaling, as fractions of the canvas: uniform in [min, max].</summary>
    public double MinScale { get; init; } = 0.25;
    public double MaxScale { get; init; } = 0.625;

    internal void Validate()
    {
        if (Size is < 16 or > 1024) throw new ArgumentException($"scene size must be 16 to 1024 pixels, got {Size}");
        if (Train < 0 || Val < 0 || Train + Val == 0 || Train > 1_000_000 || Val > 1_000_000)
            throw new ArgumentException($"scene counts must be 0 to 1000000 and not both 0, got {Train} training and {Val} validation");
    }
}
