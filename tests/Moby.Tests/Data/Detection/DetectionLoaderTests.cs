using Moby.Data;
using Moby.Data.Detection;
using Moby.Data.Segmentation;
using Moby.Tests.Data.Segmentation;
using Xunit;

namespace Moby.Tests.Data.Detection;

/// <summary>The detection loader: full shuffled batches of the training images per epoch, decided by (seed, epoch); every image in order for evaluation.</summary>
public class DetectionLoaderTests
{
    private static DetectionSet Scenes(TempDir dir, int train)
    {
        FashionScenes.Write(SceneTests.FakeFashionMnist(dir), dir.File("s"), new SceneOptions { Size = 32, Train = train, Val = 1, Seed = 1 });
        return DetectionSource.Parse($"coco:{dir.File("s")}").Open(DataSplit.Train, new ImageDecodeOptions(), null);
    }

    private static DetectionTransform Transform(double flip) =>
        new(new DetectionAugmentOptions { LongMin = 32, LongMax = 64, ShortMin = 24, ShortMax = 48, FlipP = flip, Photometric = true, SizeDivisor = 32 },
            new ModelInput(ChannelStats.FashionMnist));

    private static List<int[]> Order(DetectionLoader loader, int epoch)
    {
        var batches = new List<int[]>();
        foreach (var batch in loader.Epoch(epoch))
            using (batch) batches.Add(batch.Indices);
        return batches;
    }

    [Fact]
    public void EpochsShuffleFullBatchesDeterministically()
    {
        using var dir = new TempDir();
        var set = Scenes(dir, 7);
        var indices = set.TrainingIndices(keepEmpty: false);
        var loader = new DetectionLoader(set, indices, Transform(0.5), batchSize: 2, seed: 4, workers: 2);
        Assert.Equal(indices.Length / 2, loader.BatchesPerEpoch);
        var first = Order(loader, 0);
        Assert.Equal(loader.BatchesPerEpoch, first.Count);
        Assert.All(first, b => Assert.Equal(2, b.Length));
        Assert.Equal(first.SelectMany(b => b).Count(), first.SelectMany(b => b).Distinct().Count());
        Assert.All(first.SelectMany(b => b), i => Assert.Contains(i, indices));
        Assert.Equal(first, Order(new DetectionLoader(set, indices, Transform(0.5), 2, 4, workers: 1), 0));
        Assert.NotEqual(first, Order(loader, 1));
    }

    [Fact]
    public void ABatchIsTheSameWhateverTheWorkersAndTheStartingBatch()
    {
        using var dir = new TempDir();
        var set = Scenes(dir, 6);
        var indices = set.TrainingIndices(keepEmpty: true);
        float[] Images(DetectionLoader loader, int start)
        {
            using var batch = loader.Epoch(2, start).First();
            return batch.Images.data<float>().ToArray();
        }
        var two = new DetectionLoader(set, indices, Transform(0.5), 2, 9, workers: 2);
        var one = new DetectionLoader(set, indices, Transform(0.5), 2, 9, workers: 1);
        Assert.Equal(Images(two, 1), Images(one, 1));
        using var all = two.Epoch(2).Skip(1).First();
        Assert.Equal(Images(one, 1), all.Images.data<float>().ToArray());
    }

    [Fact]
    public void RanksShareEachGlobalBatch()
    {
        using var dir = new TempDir();
        var set = Scenes(dir, 12);
        var indices = set.TrainingIndices(keepEmpty: true);
        List<int[]> Batches(int batch, int rank, int size) => Order(new DetectionLoader(set, indices, Transform(0.5), batch, 3, 1, rank, size), 1);
        var whole = Batches(4, 0, 1);
        var (first, second) = (Batches(2, 0, 2), Batches(2, 1, 2));
        Assert.Equal(3, whole.Count);
        Assert.Equal((3, 3), (first.Count, second.Count));
        for (int j = 0; j < whole.Count; j++)
            Assert.Equal(whole[j].Order(), first[j].Concat(second[j]).Order());
        Assert.Equal(1, new DetectionLoader(set, indices, Transform(0.5), 5, 3, 1, rank: 1, worldSize: 2).BatchesPerEpoch);   // 6 images each
    }

    [Fact]
    public void InOrderCoversEveryImageOnceWithASmallerLastBatch()
    {
        using var dir = new TempDir();
        var set = Scenes(dir, 5);
        var transform = new DetectionTransform(DetectionAugmentOptions.Test(64, 64, 32), new ModelInput(ChannelStats.FashionMnist));
        var loader = new DetectionLoader(set, Enumerable.Range(0, set.Count).ToArray(), transform, batchSize: 2, seed: 0, workers: 2);
        var seen = new List<int>();
        foreach (var batch in loader.InOrder())
            using (batch)
            {
                seen.AddRange(batch.Indices);
                Assert.Equal([(long)batch.Indices.Length, 1, 64, 64], batch.Images.shape);
                Assert.All(batch.Metas, m => Assert.Equal((32, 32, 64, 64, 2f, false), (m.OriginalWidth, m.OriginalHeight, m.Width, m.Height, m.ScaleX, m.Flipped)));
            }
        Assert.Equal([0, 1, 2, 3, 4], seen);
    }
}
