namespace Moby.Data;

/// <summary>A fixed selection of another data set's items (e.g. the labelled subset of the online kNN monitor); does not own it.</summary>
public sealed class Subset(IImageDataset source, IReadOnlyList<int> indices) : IImageDataset
{
    /// <summary>An evenly spread selection of <paramref name="count"/> items (every k-th), so every class is represented.</summary>
    public static IImageDataset Spread(IImageDataset source, int count) =>
        count >= source.Count ? source : new Subset(source, Enumerable.Range(0, count).Select(i => (int)((long)i * source.Count / count)).ToArray());

    public int Count => indices.Count;
    public int Channels => source.Channels;
    public int NumClasses => source.NumClasses;
    public IReadOnlyList<string> ClassNames => source.ClassNames;
    public ChannelStats Stats => source.Stats;
    public DecodedImage Load(int index) => source.Load(indices[index]);
    public int Label(int index) => source.Label(indices[index]);
    public string Describe(int index) => source.Describe(indices[index]);
    public void Dispose() { }
}
