namespace Moby.Data;

/// <summary>How the bytes of one image are ordered in a binary data set's record.</summary>
internal enum PixelLayout
{
    /// <summary>Row-major, channels interleaved (HWC); MNIST's single channel is this.</summary>
    Interleaved,

    /// <summary>One full row-major plane per channel (CIFAR).</summary>
    Planar,

    /// <summary>One column-major plane per channel (STL-10, written from MATLAB).</summary>
    PlanarColumnMajor,
}
