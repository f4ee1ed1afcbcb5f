namespace Moby.Data;

/// <summary>
/// Images of one fixed size stored as records: CIFAR, STL-10 (read from disk by position) and IDX (held in memory).
/// </summary>
internal sealed class BinaryDataset : IImageDataset
{
    public sealed record Shape(int Width, int Height, int Channels, PixelLayout Layout)
    {
        public int Bytes => Width * Height * Channels;
    }

    readonly string name;
    readonly Func<int, ReadOnlyMemory<byte>> readRecord;
    readonly int pixelOffset;
    readonly Shape shape;
    readonly byte[]? labels;
    readonly IDisposable? owned;

    internal BinaryDataset(string name, int count, Func<int, ReadOnlyMemory<byte>> readRecord, int pixelOffset, Shape shape,
        byte[]? labels, IReadOnlyList<string> classNames, ChannelStats stats, IDisposable? owned = null)
    {
        this.name = name;
        Count = count;
        this.readRecord = readRecord;
        this.pixelOffset = pixelOffset;
        this.shape = shape;
        this.labels = labels;
        ClassNames = labels is null ? [] : classNames;
        Stats = stats;
        this.owned = owned;
    }

    public int Count { get; }
    public int Channels => shape.Channels;
    public int NumClasses => ClassNames.Count;
    public IReadOnlyList<string> ClassNames { get; }
    public ChannelStats Stats { get; }

    public DecodedImage Load(int index)
    {
        var record = readRecord(index);
        var pixels = new byte[shape.Bytes];
        shape.Layout.ToInterleaved(record.Span.Slice(pixelOffset, shape.Bytes), pixels, shape.Width, shape.Height, shape.Channels);
        return DecodedImage.Create(pixels, shape.Width, shape.Height, shape.Channels);
    }

    public int Label(int index) => labels is null ? -1 : labels[index];
    public string Describe(int index) => $"{name} #{index}";
    public void Dispose() => owned?.Dispose();

    /// <summary>A record data set on disk; <paramref name="labels"/> reads the labels (null when unlabeled).</summary>
    internal static BinaryDataset FromRecords(string name, RecordFiles records, Func<RecordFiles, byte[]?> labels,
        int pixelOffset, Shape shape, IReadOnlyList<string> classNames, ChannelStats stats)
    {
        try
        {
            return new BinaryDataset(name, records.Count, i =>
            {
                var r = new byte[records.RecordBytes];
                records.Read(i, r);
                return r;
            }, pixelOffset, shape, labels(records), classNames, stats, records);
        }
        catch
        {
            records.Dispose();
            throw;
        }
    }

    /// <summary>Refuses a label that is not below the number of classes; <paramref name="where"/> names its file and position.</summary>
    internal static void CheckLabels(byte[] labels, int classes, Func<int, string> where)
    {
        int bad = Array.FindIndex(labels, l => l >= classes);
        if (bad >= 0)
            throw new DataException($"{where(bad)} holds label {labels[bad]}, not below the {classes} classes: wrong file or layout");
    }
}
