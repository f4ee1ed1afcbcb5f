namespace Moby.Data;

/// <summary>Per-thread scratch buffers, so that augmenting an image allocates nothing once they have grown.</summary>
internal sealed class AugmentationWorkspace
{
    public ImageBuffer View { get; } = new();
    public ImageBuffer Resized { get; } = new();
    public BilinearResize.Scratch Resize { get; } = new();
    public GaussianBlur.Scratch Blur { get; } = new();
}
