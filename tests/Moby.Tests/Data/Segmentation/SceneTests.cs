using System.Buffers.Binary;
using System.Text.Json;
using Moby.Data;
using Moby.Data.Segmentation;
using Xunit;

namespace Moby.Tests.Data.Segmentation;

/// <summary>make-scenes: deterministic bytes, the ADE20K layout our reader reads, and COCO annotations that match the label maps.</summary>
public class SceneTests
{
    /// <summary>A tiny Fashion-MNIST in IDX format: 28 x 28 garments that are filled squares of class-dependent size.</summary>
    internal static string FakeFashionMnist(TempDir dir)
    {
        foreach (var prefix in new[] { "train", "t10k" })
        {
            const int count = 20;
            var images = new byte[16 + count * 784];
            BinaryPrimitives.WriteInt32BigEndian(images, 0x0803);
            BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), count);
            BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), 28);
            BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), 28);
            var labels = new byte[8 + count];
            BinaryPrimitives.WriteInt32BigEndian(labels, 0x0801);
            BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), count);
            for (int i = 0; i < count; i++)
            {
                labels[8 + i] = (byte)(i % 10);
                int margin = 2 + i % 10;
                for (int y = margin; y < 28 - margin; y++)
                    for (int x = margin; x < 28 - margin; x++) images[16 + i * 784 + y * 28 + x] = (byte)(120 + 5 * i + (prefix == "t10k" ? 1 : 0));
            }
            dir.File($"fmnist/{prefix}-images-idx3-ubyte", images);
            dir.File($"fmnist/{prefix}-labels-idx1-ubyte", labels);
        }
        return dir.File("fmnist");
    }

    private static readonly SceneOptions Small = new() { Size = 32, Train = 6, Val = 3, Seed = 5 };

    [Fact]
    public void SameSeedWritesTheSameBytes()
    {
        using var dir = new TempDir();
        string fmnist = FakeFashionMnist(dir);
        FashionScenes.Write(fmnist, dir.File("a"), Small);
        FashionScenes.Write(fmnist, dir.File("b"), Small);
        var files = Directory.GetFiles(dir.File("a"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir.File("a"), f)).Order().ToList();
        Assert.Equal(6 + 6 + 3 + 3 + 4, files.Count);
        foreach (var file in files)
            Assert.True(File.ReadAllBytes(Path.Combine(dir.File("a"), file)).SequenceEqual(File.ReadAllBytes(Path.Combine(dir.File("b"), file))), file);
        FashionScenes.Write(fmnist, dir.File("c"), Small with { Seed = 6 });
        Assert.False(File.ReadAllBytes(dir.File("a/annotations/training/000000.png")).SequenceEqual(File.ReadAllBytes(dir.File("c/annotations/training/000000.png"))));
    }

    [Fact]
    public void ScenesReadBackThroughTheAde20kReaderAndMatchTheirCocoFile()
    {
        using var dir = new TempDir();
        var statistics = FashionScenes.Write(FakeFashionMnist(dir), dir.File("s"), Small);
        var set = SegmentationSource.Parse($"ade20k:{dir.File("s")}").Open(DataSplit.Test, reduceZeroLabel: false, new ImageDecodeOptions());
        Assert.Equal(3, set.Count);
        Assert.Equal(11, set.NumClasses);
        Assert.Equal("background", set.ClassNames[0]);
        using var coco = JsonDocument.Parse(File.ReadAllBytes(dir.File("s/instances_validation.json")));
        var annotations = coco.RootElement.GetProperty("annotations").EnumerateArray().ToList();
        Assert.Equal(statistics[1].KeptInstances, annotations.Count);
        long labelled = 0;
        for (int i = 0; i < set.Count; i++)
        {
            var sample = set.Load(i);
            labelled += sample.Labels.Labels.Count(v => v != 0);
            foreach (var a in annotations.Where(a => a.GetProperty("image_id").GetInt32() == i + 1))
                CheckAnnotation(a, sample);
        }
        Assert.Equal(labelled, statistics[1].PixelsPerClass.Skip(1).Sum());
        Assert.Equal(3, statistics[1].ScenesByGarments.Sum());
    }

    /// <summary>The RLE mask decodes to pixels of the annotation's class, its area and tight box agree, and garments show their intensity.</summary>
    private static void CheckAnnotation(JsonElement a, SegmentationSample sample)
    {
        int category = a.GetProperty("category_id").GetInt32(), size = sample.Labels.Width;
        var counts = MaskRle.Counts(a.GetProperty("segmentation").GetProperty("counts").GetString()!);
        Assert.Equal(size * size, counts.Sum());
        var inside = new List<(int X, int Y)>();
        long position = 0;
        for (int r = 0; r < counts.Count; position += counts[r], r++)
            if (r % 2 == 1)
                for (long p = position; p < position + counts[r]; p++) inside.Add(((int)(p / size), (int)(p % size))); // column-major
        Assert.Equal(a.GetProperty("area").GetInt32(), inside.Count);
        Assert.All(inside, p => Assert.Equal(category, sample.Labels[p.X, p.Y]));
        Assert.All(inside, p => Assert.True(sample.Image.Pixels.Span[3 * (p.Y * size + p.X)] > Small.Threshold));
        var box = a.GetProperty("bbox").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        Assert.Equal([inside.Min(p => p.X), inside.Min(p => p.Y), inside.Max(p => p.X) - inside.Min(p => p.X) + 1, inside.Max(p => p.Y) - inside.Min(p => p.Y) + 1], box);
    }

    [Theory]
    [InlineData(new long[] { 2, 3, 4 }, "234")]
    [InlineData(new long[] { 1, 40, 1 }, "1X11")]      // 40 = 8 + 1 * 32: '8' | 0x20 continues, then 1
    [InlineData(new long[] { 1, 2, 3, 1 }, "123O")]    // the fourth run is stored as 1 - 2 = -1: 31 with the sign bit, 'O'
    public void RleMatchesPycocotoolsCompression(long[] counts, string compressed)
    {
        Assert.Equal(counts, MaskRle.Counts(compressed));
        int pixels = (int)counts.Sum();
        var mask = new bool[pixels];
        long at = 0;
        for (int r = 0; r < counts.Length; at += counts[r], r++)
            for (long p = at; p < at + counts[r]; p++) mask[p] = r % 2 == 1;
        Assert.Equal(compressed, MaskRle.Encode(mask, 1, pixels)); // one column: column-major = row-major
    }
}
