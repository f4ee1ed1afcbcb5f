using Moby.Interop;

namespace Moby.Data;

/// <summary>
/// A data set named as <c>kind:/path</c>: <c>imagefolder:</c>, <c>folder:</c> (flat, unlabeled), <c>cifar10:</c>,
/// <c>cifar100:</c>, <c>stl10:</c>, <c>mnist:</c>, <c>fashion-mnist</c> (installed default) or <c>fashion-mnist:/path</c>;
/// or <c>synthetic[:N]</c>, N random images (<see cref="SyntheticImages"/>) for benchmarks and tests, whose "path" is N.
/// </summary>
internal sealed record DataSource(DataSourceKind Kind, string Path)
{
    public const string FashionMnistDefaultPath = "/usr/share/datasets/fashion-mnist";
    const string FashionMnistInstallHint = "sudo apt-get install dataset-fashion-mnist";
    const int SyntheticDefaultImages = 1024;

    static readonly (string Name, DataSourceKind Kind)[] Names =
    [
        ("imagefolder", DataSourceKind.ImageFolder),
        ("folder", DataSourceKind.Folder),
        ("cifar10", DataSourceKind.Cifar10),
        ("cifar100", DataSourceKind.Cifar100),
        ("stl10", DataSourceKind.Stl10),
        ("mnist", DataSourceKind.Mnist),
        ("fashion-mnist", DataSourceKind.FashionMnist),
        ("synthetic", DataSourceKind.Synthetic),
    ];

    /// <summary>How image files (image folders, flat folders) are decoded: the pixel limit (also an IDX file's, per image) and the consumer's size.</summary>
    public ImageDecodeOptions Decoding { get; init; } = ImageDecodeOptions.Default;

    /// <summary>Fashion-MNIST at its installed location: the embedded default.</summary>
    public static DataSource Default { get; } = new(DataSourceKind.FashionMnist, FashionMnistDefaultPath);

    public static DataSource Parse(string spec)
    {
        int colon = spec.IndexOf(':');
        var name = (colon < 0 ? spec : spec[..colon]).Trim().ToLowerInvariant();
        var path = colon < 0 ? "" : spec[(colon + 1)..].Trim();
        var match = Names.FirstOrDefault(n => n.Name == name);
        if (match.Name is null)
        {
            var files = Names.Where(n => n.Kind != DataSourceKind.Synthetic).Select(n => n.Name + ":/path");
            throw new DataException($"unknown data source '{ShownNames.Path(spec)}'; expected one of {string.Join(", ", files)}, fashion-mnist or synthetic[:N]");
        }
        if (match.Kind == DataSourceKind.Synthetic)
            return path.Length == 0 || int.TryParse(path, out int n) && n > 0
                ? new DataSource(match.Kind, path)
                : throw new DataException($"data source '{ShownNames.Path(spec)}': synthetic:N takes a positive number of images N");
        if (path.Length == 0)
        {
            if (match.Kind != DataSourceKind.FashionMnist)
                throw new DataException($"data source '{ShownNames.Path(spec)}' needs a path: {name}:/path");
            path = FashionMnistDefaultPath;
        }
        return new DataSource(match.Kind, path);
    }

    /// <summary>The number of random images of <c>synthetic[:N]</c>: N, 1024 when not given.</summary>
    public int SyntheticImages => Kind == DataSourceKind.Synthetic && Path.Length > 0 ? int.Parse(Path) : SyntheticDefaultImages;

    /// <summary>The splits this kind of data has (an image folder may still lack its val/ folder).</summary>
    public IReadOnlyList<DataSplit> Splits => Kind switch
    {
        DataSourceKind.Synthetic => [],
        DataSourceKind.Folder => [DataSplit.Train, DataSplit.Unlabeled],
        DataSourceKind.Stl10 => [DataSplit.Train, DataSplit.Test, DataSplit.Unlabeled],
        _ => [DataSplit.Train, DataSplit.Test],
    };

    public IImageDataset Open(DataSplit split) => Kind switch
    {
        DataSourceKind.ImageFolder => ImageFolder.Open(Path, split, Decoding),
        DataSourceKind.Folder => FlatFolder.Open(Path, split, Decoding),
        DataSourceKind.Cifar10 => Cifar.Open10(Path, split),
        DataSourceKind.Cifar100 => Cifar.Open100(Path, split),
        DataSourceKind.Stl10 => Stl10.Open(Path, split),
        DataSourceKind.Mnist => Idx.OpenMnist(Path, split, Decoding.MaxPixels),
        DataSourceKind.Synthetic => throw new DataException($"data source '{ShownNames.Path(ToString())}' is random views for pre-training benchmarks and tests; it has no images (or labels) to open"),
        _ => OpenFashionMnist(split),
    };

    IImageDataset OpenFashionMnist(DataSplit split)
    {
        if (!Directory.Exists(Path))
            throw new DataException($"Fashion-MNIST is not at '{ShownNames.Path(Path)}': install the default copy with `{FashionMnistInstallHint}` (it goes to {FashionMnistDefaultPath}) or name another data source");
        return Idx.OpenFashionMnist(Path, split, Decoding.MaxPixels);
    }

    public override string ToString()
    {
        var name = Names.First(n => n.Kind == Kind).Name;
        return Kind == DataSourceKind.FashionMnist && Path == FashionMnistDefaultPath || Path.Length == 0 ? name : $"{name}:{Path}";
    }
}
