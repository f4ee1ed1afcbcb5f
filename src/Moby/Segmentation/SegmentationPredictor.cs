using Moby.Data;
using Moby.Data.Segmentation;
using Moby.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Segmentation;

/// <summary>
/// mmseg's test pipeline: an image in the model's channels, resized keeping its ratio to the test scale (none when the
/// long edge is 0), normalised; logits by whole-image or sliding-window inference, resized bilinearly back to the
/// image's own size; the argmax. The images go to the model's device, the labels come back on the CPU. What one image
/// may cost is bounded (<see cref="InferenceBounds"/>): a large one goes through the sliding window even in whole-image
/// mode, and one whose class scores would pass the bound is refused.
/// </summary>
internal sealed class SegmentationPredictor(ModelInput input, int scaleLong, int scaleShort, SlidingWindow? slide, InferenceBounds bounds)
{
    /// <summary>The sliding window; null: whole-image inference.</summary>
    public SlidingWindow? Slide => slide;

    public InferenceBounds Bounds => bounds;

    public ImageBuffer Prepare(DecodedImage image)
    {
        var converted = input.Convert(image);
        if (scaleLong <= 0) return converted;
        var (width, height) = InputSize((image.Width, image.Height));
        return BilinearResize.Resize(converted, width, height);
    }

    /// <summary>The size <see cref="Prepare"/> gives an image of <paramref name="image"/>'s size, without preparing it.</summary>
    public (int Width, int Height) InputSize((int Width, int Height) image) =>
        scaleLong <= 0 ? image : KeepRatioScale.Size(image.Width, image.Height, scaleLong, scaleShort);

    /// <summary>Refuses an image of <paramref name="image"/>'s size, named <paramref name="name"/>, whose class scores would pass the bounds
    /// (<see cref="InferenceBounds.RequireLogitsWithin"/>), before it is prepared or, from its header, decoded.</summary>
    public void RequireWithin(string name, (int Width, int Height) image, int classes) =>
        bounds.RequireLogitsWithin(name, image, InputSize(image), classes);

    /// <summary>Predicted labels [H, W] (int64) of prepared images of one size, at their original size <paramref name="height"/> x
    /// <paramref name="width"/>. Call it inside a dispose scope, with gradients off.</summary>
    public List<Tensor> Predict(SegmentationModel model, IReadOnlyList<ImageBuffer> images, int height, int width)
    {
        var data = images.SelectMany(input.Write).ToArray();
        using var batch = ComputeDevice.MoveTo(tensor(data, [images.Count, input.Channels, images[0].Height, images[0].Width]), ComputeDevice.Of(model));
        // The caller's dispose scope frees the intermediate logits.
        var window = slide ?? bounds.ForWhole(images[0]);
        var logits = window is null ? model.call(batch) : window.Logits(model, batch);
        if (logits.shape[2] != height || logits.shape[3] != width) logits = Resize.To(logits, height, width);
        var labels = logits.argmax(1).cpu();
        return Enumerable.Range(0, images.Count).Select(k => labels[k]).ToList();
    }

    /// <summary>One image's predicted labels, the model in eval mode; <paramref name="name"/> names it if it is refused.</summary>
    public LabelMap Predict(SegmentationModel model, DecodedImage image, string name)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        RequireWithin(name, (image.Width, image.Height), (int)model.Config.NumClasses);
        var labels = Predict(model, [Prepare(image)], image.Height, image.Width)[0].to_type(ScalarType.Byte);
        return new LabelMap(labels.data<byte>().ToArray(), image.Width, image.Height);
    }
}
