namespace Moby.Data;

/// <summary>A fixed selection of another data set's items (e.g. the labelled subset of the online kNN monitor); does not own it.</summary>
public sealed class Subset(IImageDataset source, IReadOnlyList<int> indices) : IImageDataset
{
    /// <summary>
    /// An evenly spread selection of <paramref name="count"/> items (about every k-th, starting at <paramref name="offset"/>),
    /// so every class is represented; selections with different offsets below the stride are disjoint.
    /// </summary>
    public static IImageDataset Spread(IImageDataset source, int count, int offset = 0) =>
        new Subset(source, Enumerable.Range(0, Math.Min(count, source.Count - offset))
            .Select(i => (int)((long)i * (source.Count - offset) / Math.Min(count, source.Count - offset)) + offset).ToArray());

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
