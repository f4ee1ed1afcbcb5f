namespace Moby.Data;

/// <summary>
/// Random access to decoded images. Implementations must be safe to call from several threads at once
/// (the loader decodes in parallel) and keep memory bounded (files are read lazily).
/// </summary>
internal interface IImageDataset : IDisposable
{
    int Count { get; }

    /// <summary>1 for MNIST-like data, 3 otherwise (grayscale/CMYK files are converted to RGB).</summary>
    int Channels { get; }

    /// <summary>0 when the split is unlabeled.</summary>
    int NumClasses { get; }

    IReadOnlyList<string> ClassNames { get; }

    /// <summary>The normalisation that suits this data: ImageNet's for RGB, the data set's own for one channel.</summary>
    ChannelStats Stats { get; }

    /// <exception cref="ImageDecodeException">the image at <paramref name="index"/> does not decode.</exception>
    DecodedImage Load(int index);

    /// <summary>Class index, or -1 when unlabeled.</summary>
    int Label(int index);

    /// <summary>What to show the user about one item: its file, or its record number.</summary>
    string Describe(int index);
}
