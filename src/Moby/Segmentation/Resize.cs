using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Segmentation;

/// <summary>mmseg's resize of feature maps and logits: bilinear, align_corners False.</summary>
internal static class Resize
{
    public static Tensor To(Tensor x, long height, long width) =>
        nn.functional.interpolate(x, size: [height, width], mode: InterpolationMode.Bilinear, align_corners: false);

    /// <summary>To the spatial size of <paramref name="like"/>.</summary>
    public static Tensor Like(Tensor x, Tensor like) => To(x, like.shape[2], like.shape[3]);
}
