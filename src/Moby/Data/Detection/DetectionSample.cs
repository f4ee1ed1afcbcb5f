namespace Moby.Data.Detection;

/// <summary>An image as decoded and its training targets at the image's own size.</summary>
internal readonly record struct DetectionSample(DecodedImage Image, ImageInstances Targets);
