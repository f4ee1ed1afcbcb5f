namespace Moby.Data;

/// <summary>Which part of a data set to read. <see cref="Test"/> is the "val" folder of an ImageNet layout.</summary>
public enum DataSplit
{
    Train,
    Test,
    Unlabeled,
}
