namespace Moby.Data;

/// <summary>
/// A list of image files with optional class labels, decoded lazily on each <see cref="Load"/>.
/// Built by <see cref="ImageFolder"/> and <see cref="FlatFolder"/>.
/// </summary>
internal sealed class ImageFiles : IImageDataset
{
    static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".bmp", ".webp",
    };

    readonly string[] files;
    readonly int[]? labels;
    readonly ImageDecodeOptions decoding;

    internal ImageFiles(string[] files, int[]? labels, IReadOnlyList<string> classNames, ImageDecodeOptions? decoding)
    {
        this.files = files;
        this.labels = labels;
        ClassNames = classNames;
        this.decoding = decoding ?? ImageDecodeOptions.Default;
    }

    public int Count => files.Length;
    public int Channels => 3;
    public int NumClasses => ClassNames.Count;
    public IReadOnlyList<string> ClassNames { get; }
    public ChannelStats Stats => ChannelStats.ImageNet;

    public DecodedImage Load(int index) => ImageDecoder.DecodeFile(files[index], decoding);
    public int Label(int index) => labels?[index] ?? -1;
    public string Describe(int index) => files[index];
    public void Dispose() { }

    /// <summary>Image files under <paramref name="dir"/> (recursively), in ordinal order so indices are stable.</summary>
    internal static string[] Under(string dir) => Directory
        .EnumerateFiles(dir, "*", SearchOption.AllDirectories)
        .Where(f => Extensions.Contains(Path.GetExtension(f)))
        .Order(StringComparer.Ordinal)
        .ToArray();
}
