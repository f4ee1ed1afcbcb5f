namespace Moby.Data;

/// <summary>A fixed selection of another data set's items (e.g. the labelled subset of the online kNN monitor); does not own it.</summary>
internal sealed class Subset(IImageDataset source, IReadOnlyList<int> indices) : IImageDataset
{
    /// <summary>
    /// Two disjoint, evenly spread selections (about every k-th item, so every class is represented):
    /// <paramref name="firstCount"/> and <paramref name="secondCount"/> items (the kNN monitor's memory bank and queries,
    /// or a train split and its held-out part). The second is taken evenly from the spread of both, so neither clusters
    /// at one end of the data set.
    /// </summary>
    public static (IImageDataset First, IImageDataset Second) Disjoint(IImageDataset source, int firstCount, int secondCount)
    {
        if (firstCount < 0 || secondCount < 0 || (long)firstCount + secondCount > source.Count)
            throw new ArgumentException($"cannot take {firstCount} + {secondCount} disjoint items from a data set of {source.Count}");
        var all = SpreadIndices(source.Count, firstCount + secondCount);
        var second = new bool[all.Length];
        for (int k = 0; k < secondCount; k++) second[(int)((long)k * all.Length / secondCount)] = true;
        return (new Subset(source, all.Where((_, i) => !second[i]).ToArray()), new Subset(source, all.Where((_, i) => second[i]).ToArray()));
    }

    private static int[] SpreadIndices(int total, int count)
    {
        count = Math.Min(count, total);
        return Enumerable.Range(0, count).Select(i => (int)((long)i * total / count)).ToArray();
    }

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
