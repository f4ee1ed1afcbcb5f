using Moby.Backbones;
using Moby.Backbones.Swin;
using Moby.Data;
using Moby.Evaluation;
using Moby.Tests.Data;
using Xunit;

namespace Moby.Tests.Evaluation;

public class LabeledFeaturesTests
{
    [Fact]
    public void ExtractsFeaturesAndLabelsOfADatasetInOrderAndWritesCsv()
    {
        using var model = BackboneRegistry.Create(new SwinConfig { ImgSize = 12, PatchSize = 2, EmbedDim = 8, Depths = [2], NumHeads = [2], WindowSize = 3 });
        using var dataset = new FakeDataset(10);
        using var features = LabeledFeatures.Extract(model, dataset, new EvalTransformOptions { Size = 12, CropRatio = 1 }, batchSize: 4, workers: 1);
        Assert.Equal([10, 8], features.Features.shape);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)(i % 4)), features.Labels.data<long>().ToArray());
        using var pixels = LabeledFeatures.Extract(null, dataset, new EvalTransformOptions { Size = 12, CropRatio = 1 }, batchSize: 4, workers: 1);
        Assert.Equal([10, 3 * 12 * 12], pixels.Features.shape);

        string csv = Path.Combine(Directory.CreateTempSubdirectory().FullName, "f.csv");
        FeatureCsv.Write(csv, features);
        var lines = File.ReadAllLines(csv);
        Assert.Equal(11, lines.Length);
        Assert.StartsWith("label,f0,", lines[0]);
        Assert.Equal(9, lines[10].Split(',').Length);
        Assert.StartsWith("1,", lines[2]);
    }

    [Fact]
    public void ExtractionLeavesOnlyItsResultsAlive()
    {
        using var model = BackboneRegistry.Create(new SwinConfig { ImgSize = 12, PatchSize = 2, EmbedDim = 8, Depths = [2], NumHeads = [2], WindowSize = 3 });
        using var dataset = new FakeDataset(10);
        using var images = TorchSharp.torch.rand(6, 3, 12, 12);
        long before = TorchSharp.torch.Tensor.TotalCount;
        using (LabeledFeatures.Extract(model, dataset, new EvalTransformOptions { Size = 12, CropRatio = 1 }, batchSize: 4, workers: 1))
            Assert.Equal(before + 2, TorchSharp.torch.Tensor.TotalCount);
        using (FeatureExtractor.Extract(model, images, batchSize: 4))
            Assert.Equal(before + 1, TorchSharp.torch.Tensor.TotalCount);
    }
}
