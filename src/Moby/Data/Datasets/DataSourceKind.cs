namespace Moby.Data;

/// <summary>The kinds of data the library reads; each has one name on the command line and in YAML.</summary>
internal enum DataSourceKind
{
    ImageFolder,
    Folder,
    Cifar10,
    Cifar100,
    Stl10,
    Mnist,
    FashionMnist,
    /// <summary>Random views for benchmarks and tests, never for learning: no images to open.</summary>
    Synthetic,
}
