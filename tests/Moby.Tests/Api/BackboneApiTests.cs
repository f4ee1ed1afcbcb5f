using Moby.Data;
using Moby.Tests.Data;
using SkiaSharp;
using Xunit;

namespace Moby.Tests.Api;

/// <summary>The library's front door for embedding and evaluating, on image files the test writes.</summary>
public class BackboneApiTests
{
    /// <summary>An imagefolder of bright and dark squares: train/ and val/, two classes.</summary>
    internal static string BrightAndDark()
    {
        string root = Directory.CreateTempSubdirectory("moby-test-").FullName;
        foreach (var (split, count) in new[] { ("train", 6), ("val", 3) })
            foreach (var (name, level) in new[] { ("bright", 220), ("dark", 30) })
            {
                string folder = Directory.CreateDirectory(Path.Combine(root, split, name)).FullName;
                for (int i = 0; i < count; i++)
                {
                    var pixels = Enumerable.Range(0, 32 * 32 * 3).Select(p => (byte)(level + (p * 7 + i * 13) % 25)).ToArray();
                    File.WriteAllBytes(Path.Combine(folder, $"{i}.png"), ImageDecoderTests.Encode(DecodedImage.Create(pixels, 32, 32, 3), SKEncodedImageFormat.Png, 100));
                }
            }
        return root;
    }

    [Fact]
    public void FolderEmbeddingsAreInPathOrderAndMatchEachFileAlone()
    {
        string root = BrightAndDark();
        using var backbone = MobyBackbone.Create("swin_micro_patch4_window8_32");
        using var embeddings = backbone.EmbedFolder(Path.Combine(root, "val"));
        Assert.Equal(embeddings.Files.Order(StringComparer.Ordinal), embeddings.Files);
        Assert.Equal([6L, backbone.FeatureSize], embeddings.Features.shape);
        float[] alone = backbone.EmbedFile(embeddings.Files[4]);
        var row = embeddings.Features[4].data<float>().ToArray();
        for (int i = 0; i < alone.Length; i++) Assert.Equal(row[i], alone[i], 1e-4f);
    }

    [Fact]
    public void ADamagedImageInAFolderIsRefusedNamingIt()
    {
        string root = BrightAndDark();
        string damaged = Path.Combine(root, "val", "dark", "1.png");
        File.WriteAllBytes(damaged, [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        using var backbone = MobyBackbone.Create("swin_micro_patch4_window8_32");
        var error = Assert.ThrowsAny<DataException>(() => backbone.EmbedFolder(Path.Combine(root, "val")));
        Assert.Contains(damaged, error.Message);
    }

    [Fact]
    public async Task KnnAndLinearScoreTheValSplit()
    {
        string data = "imagefolder:" + BrightAndDark();
        using var backbone = MobyBackbone.Create("swin_micro_patch4_window8_32");
        var knn = await BackboneEvaluation.KnnAsync(backbone, data, new EvaluationSettings { K = 3 });
        var linear = await BackboneEvaluation.LinearAsync(backbone, data, new EvaluationSettings { LinearEpochs = 5 });
        Assert.Equal("the test split", knn.Scored);
        Assert.Equal(1.0, knn.Top1); // bright and dark are far apart even in a random network's features
        Assert.InRange(linear.Top1, 0.0, 1.0);
    }
}
