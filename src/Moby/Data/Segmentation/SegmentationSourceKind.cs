namespace Moby.Data.Segmentation;

/// <summary>The two layouts of <see cref="SegmentationSource"/>.</summary>
internal enum SegmentationSourceKind { Ade20k, SegFolder }
