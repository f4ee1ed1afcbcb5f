using Moby.Data.Segmentation;

namespace Moby.Data.Detection;

/// <summary>
/// The geometric steps of the detection pipeline on an image's targets, as mmdet applies them: boxes scaled by the
/// float32 factors and clipped to the new image (bbox_clip_border), masks resized by nearest neighbour (OpenCV's rule,
/// as mmdet's BitmapMasks.rescale); a horizontal flip maps x1, x2 to W - x2, W - x1 (mmdet's bbox_flip); padding adds
/// background to the right and bottom of the masks.
/// </summary>
internal static class InstanceTransforms
{
    public static ImageInstances Resize(ImageInstances targets, int width, int height, float scaleX, float scaleY)
    {
        var boxes = new float[targets.Boxes.Length];
        for (int i = 0; i < boxes.Length; i += 4)
        {
            boxes[i] = Math.Clamp(targets.Boxes[i] * scaleX, 0, width);
            boxes[i + 1] = Math.Clamp(targets.Boxes[i + 1] * scaleY, 0, height);
            boxes[i + 2] = Math.Clamp(targets.Boxes[i + 2] * scaleX, 0, width);
            boxes[i + 3] = Math.Clamp(targets.Boxes[i + 3] * scaleY, 0, height);
        }
        var masks = new byte[targets.Count * width * height];
        for (int k = 0; k < targets.Count; k++)
        {
            var mask = new LabelMap(targets.Mask(k).ToArray(), targets.Width, targets.Height);
            NearestResize.Resize(mask, width, height).Labels.CopyTo(masks, k * width * height);
        }
        return new ImageInstances(boxes, targets.Labels, masks, width, height);
    }

    /// <summary>Mirrors boxes and masks left to right in place.</summary>
    public static void FlipHorizontal(ImageInstances targets)
    {
        var b = targets.Boxes;
        for (int i = 0; i < b.Length; i += 4) (b[i], b[i + 2]) = (targets.Width - b[i + 2], targets.Width - b[i]);
        for (int k = 0; k < targets.Count; k++)
            for (int y = 0; y < targets.Height; y++) targets.Mask(k).Slice(y * targets.Width, targets.Width).Reverse();
    }

    /// <summary>The masks on a larger canvas (0 to the right and below); boxes unchanged.</summary>
    public static ImageInstances Pad(ImageInstances targets, int width, int height)
    {
        var masks = new byte[targets.Count * width * height];
        for (int k = 0; k < targets.Count; k++)
            for (int y = 0; y < targets.Height; y++)
                targets.Mask(k).Slice(y * targets.Width, targets.Width).CopyTo(masks.AsSpan((k * height + y) * width));
        return new ImageInstances(targets.Boxes, targets.Labels, masks, width, height);
    }
}
