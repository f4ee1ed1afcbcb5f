namespace Moby.Data.Detection;

/// <summary>
/// One annotation of a COCO file, resolved: the index of its image in the file, its category as a 0-based label (the
/// category's position in the file), the box [x, y, w, h] and area as written (COCOeval scores against these, unclipped),
/// iscrowd, and its mask as written (null: the file gives none).
/// </summary>
internal sealed record CocoAnnotation(long Id, int Image, int Label, double[] Box, double Area, bool Crowd, CocoShape? Shape)
{
    /// <summary>The mask on its image; without a segmentation, its box (as pycocotools draws boxes).</summary>
    public RleMask Mask(int height, int width) => (Shape ?? CocoShape.Box(Box)).ToRle(height, width);
}
