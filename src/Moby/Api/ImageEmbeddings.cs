using static TorchSharp.torch;

namespace Moby;

/// <summary>The feature vectors of a folder's images: row i of <see cref="Features"/> is the image <see cref="Files"/>[i].</summary>
/// <param name="Files">The image files, in ordinal order of their paths.</param>
/// <param name="Features">The features [files, feature size], float32.</param>
public sealed record ImageEmbeddings(IReadOnlyList<string> Files, Tensor Features) : IDisposable
{
    /// <summary>Frees the features' native memory.</summary>
    public void Dispose() => Features.Dispose();
}
