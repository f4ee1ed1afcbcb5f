using Moby.Config;
using Moby.Data;
using Moby.Runs;
using TorchSharp;
using Xunit;

namespace Moby.Tests.Data;

public class BatchLoaderTests
{
    static readonly SslAugmentationOptions Small = TrainingData.Augmentation(ConfigTree.Defaults(), 8);

    static BatchLoader Loader(IImageDataset data, LoaderOptions? options = null) =>
        new(data, new TwoViewTransform(Small, data.Stats), options ?? new LoaderOptions { BatchSize = 4, Workers = 2, Seed = 5 });

    /// <summary>Indices of every batch and the first value of each view, taken and disposed batch by batch.</summary>
    static List<(int[] Indices, long[] Labels, float[] View1, float[] View2)> Run(BatchLoader loader, int epoch, int start = 0)
    {
        var result = new List<(int[], long[], float[], float[])>();
        foreach (var b in loader.Epoch(epoch, start))
        {
            using (b)
            {
                Assert.Equal(new long[] { b.Count, 3, 8, 8 }, b.View1.shape);
                Assert.Equal(torch.ScalarType.Int64, b.Labels.dtype);
                result.Add((b.Indices.ToArray(), b.Labels.data<long>().ToArray(), b.View1.data<float>().ToArray(),
                    b.View2.data<float>().ToArray()));
            }
        }
        return result;
    }

    [Fact]
    public void EpochIsAShuffledPermutationWithDropLast()
    {
        var batches = Run(Loader(new FakeDataset(18)), 0);
        Assert.Equal(4, batches.Count); // 18 / 4, last 2 dropped
        var seen = batches.SelectMany(b => b.Indices).ToArray();
        Assert.Equal(16, seen.Distinct().Count());
        Assert.NotEqual(seen.Order(), seen);
        Assert.Equal(seen.Select(i => (long)(i % 4)), batches.SelectMany(b => b.Labels));
        var next = Run(Loader(new FakeDataset(18)), 1).SelectMany(b => b.Indices);
        Assert.NotEqual(seen, next);
    }

    [Fact]
    public void WorkerCountDoesNotChangeTheBatches()
    {
        var one = Run(Loader(new FakeDataset(12), new LoaderOptions { BatchSize = 4, Workers = 1, Seed = 9 }), 3);
        var three = Run(Loader(new FakeDataset(12), new LoaderOptions { BatchSize = 4, Workers = 3, Prefetch = 1, Seed = 9 }), 3);
        Assert.Equal(one.Select(b => b.Indices), three.Select(b => b.Indices));
        Assert.Equal(one.Select(b => b.View1), three.Select(b => b.View1));
        Assert.Equal(one.Select(b => b.View2), three.Select(b => b.View2));
        Assert.NotEqual(one[0].View1, one[0].View2);
    }

    [Fact]
    public void OneViewLoaderGivesTheFirstViewsOfTheTwoViewLoader()
    {
        var two = Run(Loader(new FakeDataset(12)), 1);
        var one = Loader(new FakeDataset(12), new LoaderOptions { BatchSize = 4, Workers = 2, Seed = 5, SecondView = false });
        var firsts = new List<float[]>();
        foreach (var b in one.Epoch(1))
            using (b)
            {
                firsts.Add(b.View1.data<float>().ToArray());
                Assert.Throws<InvalidOperationException>(() => b.View2);
            }
        Assert.Equal(two.Select(b => b.View1), firsts);
    }

    [Fact]
    public void ResumingMidEpochGivesTheSameRemainingBatches()
    {
        var full = Run(Loader(new FakeDataset(20)), 2);
        var resumed = Run(Loader(new FakeDataset(20)), 2, start: 3);
        Assert.Equal(full.Skip(3).Select(b => b.Indices), resumed.Select(b => b.Indices));
        Assert.Equal(full.Skip(3).Select(b => b.View1), resumed.Select(b => b.View1));
    }

    [Fact]
    public void RanksSeeDisjointPartsOfOneGlobalOrder()
    {
        var parts = Enumerable.Range(0, 3).Select(rank =>
            Run(Loader(new FakeDataset(25), new LoaderOptions { BatchSize = 2, Workers = 1, Seed = 4, Rank = rank, WorldSize = 3 }), 0)
                .SelectMany(b => b.Indices).ToArray()).ToArray();
        Assert.All(parts, p => Assert.Equal(8, p.Length)); // 25 / 3 = 8 each, batches of 2
        Assert.Equal(24, parts.SelectMany(p => p).Distinct().Count());
        var global = EpochOrder.For(25, 4, 0, true, 0, 1, true);
        Assert.Equal(global.Where((_, k) => k % 3 == 1).Take(8), parts[1]);
    }

    [Fact]
    public void BadImageIsReplacedByTheNextGoodOneAndCounted()
    {
        var warnings = new List<string>();
        var loader = Loader(new FakeDataset(8, bad: [3, 4]),
            new LoaderOptions { BatchSize = 8, Workers = 1, Warn = warnings.Add });
        var indices = Run(loader, 0).Single().Indices;
        Assert.DoesNotContain(3, indices);
        Assert.DoesNotContain(4, indices);
        Assert.Equal(3, indices.Count(i => i == 5)); // its own slot and the two it stands in for
        Assert.Equal(2, loader.BadImages.Count);
        Assert.Contains(warnings, w => w.Contains("fake3.png"));
        Assert.Contains("2 image(s)", loader.BadImages.Summary());
    }

    [Fact]
    public void StrictModeStopsAtTheFirstBadImage()
    {
        var loader = Loader(new FakeDataset(8, bad: [6]), new LoaderOptions { BatchSize = 4, Workers = 2, Strict = true });
        var e = Assert.Throws<ImageDecodeException>(() => Run(loader, 0));
        Assert.Contains("fake6.png", e.Message);
    }

    [Fact]
    public void StoppingEarlyLeavesNoTensorsBehind()
    {
        var loader = Loader(new FakeDataset(64), new LoaderOptions { BatchSize = 4, Workers = 2, Prefetch = 3 });
        long before = torch.Tensor.TotalCount;
        foreach (var batch in loader.Epoch(0))
        {
            batch.Dispose();
            break;
        }
        Assert.Equal(before, torch.Tensor.TotalCount);
    }

    [Fact]
    public void OneChannelDataGivesOneChannelViews()
    {
        var data = new FakeDataset(4, channels: 1);
        using var batch = Loader(data, new LoaderOptions { BatchSize = 4, Workers = 1 }).Epoch(0).First();
        Assert.Equal(new long[] { 4, 1, 8, 8 }, batch.View2.shape);
    }

    [Fact]
    public void TooSmallForOneBatchIsAClearError() =>
        Assert.Throws<DataException>(() => Loader(new FakeDataset(3)));

    [Fact]
    public void EvalLoaderKeepsOrderAndTheLastPartialBatch()
    {
        var data = new FakeDataset(10);
        var transform = new EvalTransform(new EvalTransformOptions { Size = 12, CropRatio = 1.0 }, data.Stats);
        var loader = new EvalLoader(data, transform, new LoaderOptions { BatchSize = 4, Workers = 2 });
        var batches = loader.Batches().Select(b =>
        {
            using (b)
                return (Indices: b.Indices.ToArray(), Shape: b.Images.shape, First: b.Images.data<float>()[0]);
        }).ToList();
        Assert.Equal(Enumerable.Range(0, 10), batches.SelectMany(b => b.Indices));
        Assert.Equal(new long[] { 2, 3, 12, 12 }, batches[^1].Shape);
        // Identity resize at ratio 1: the first value is image 8's first pixel, normalised.
        Assert.Equal((8 * 7 / 255f - 0.485f) / 0.229f, batches[^1].First, 5);
    }
}
