using Moby.Backbones.Swin;

namespace Moby.Segmentation;

/// <summary>
/// UPerNet on a padded Swin (<see cref="SwinPyramid"/>) with an optional auxiliary FCN head, as the Swin segmentation
/// configs build it. Widths default to mmseg's (512 and 256); small backbones take smaller ones.
/// </summary>
internal sealed record SegmentationModelConfig
{
    public required SwinConfig Backbone { get; init; }
    public required int NumClasses { get; init; }
    public int Channels { get; init; } = 512;
    public int[] PoolScales { get; init; } = [1, 2, 3, 6];
    public double Dropout { get; init; } = 0.1;
    public bool Auxiliary { get; init; } = true;
    public int AuxChannels { get; init; } = 256;
    public int AuxConvs { get; init; } = 1;

    /// <summary>The backbone stage the auxiliary head reads (mmseg's in_index 2: the third stage, norm2); the last one when the backbone has fewer.</summary>
    public int AuxInIndex { get; init; } = 2;

    public int AuxStage => Math.Min(AuxInIndex, Backbone.NumLayers - 1);
}
