namespace Moby.Data.Segmentation;

/// <summary>An image and its label map, of the same size.</summary>
internal readonly record struct SegmentationSample(DecodedImage Image, LabelMap Labels);
