namespace Moby.Data;

/// <summary>Which part of a data set to read. <see cref="Test"/> is the "val" folder of an ImageNet layout.</summary>
public enum DataSplit
{
    /// <summary>The labelled training images.</summary>
    Train,

    /// <summary>The labelled test (or validation) images.</summary>
    Test,

    /// <summary>Images without labels (STL-10's unlabeled split, a flat folder of images).</summary>
    Unlabeled,
}
