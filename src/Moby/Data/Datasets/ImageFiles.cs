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

    /// <summary>
    /// Image files under <paramref name="dir"/> (recursively), in ordinal order so indices are stable.
    /// <paramref name="dir"/> itself may be a symlink, but symlinked folders inside it are not entered:
    /// a link back up the tree (<c>a/l -&gt; ..</c>) would list the same images again and again, without
    /// bound, and telling such a loop from a harmless link needs real paths .NET does not give portably.
    /// Real folders form a finite tree, so the listing is bounded by what is on disk. Symlinked image
    /// files are kept.
    /// </summary>
    internal static string[] Under(string dir)
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(dir);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            found.AddRange(Directory.EnumerateFiles(current).Where(f => Extensions.Contains(Path.GetExtension(f))));
            foreach (var sub in new DirectoryInfo(current).EnumerateDirectories())
                if (sub.LinkTarget is null)
                    pending.Push(Path.Combine(current, sub.Name));
        }
        return found.Order(StringComparer.Ordinal).ToArray();
    }
}
