using Moby.Data.Detection;

namespace Moby.Detection.Evaluation;

/// <summary>An annotation as COCOeval scores it: the box and area as written (not clipped), iscrowd (an ignored region
/// that any number of detections may fall in), and its mask at the image's size when masks are scored.</summary>
internal sealed record GroundTruth(double[] Box, double Area, bool Crowd, RleMask? Mask)
{
    public static GroundTruth From(CocoAnnotation a, CocoImage image, IouKind kind) =>
        new(a.Box, a.Area, a.Crowd, kind == IouKind.Mask ? a.Mask(image.Height, image.Width) : null);
}
