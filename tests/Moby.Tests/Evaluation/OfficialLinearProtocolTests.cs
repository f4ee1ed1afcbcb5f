using Moby.Backbones;
using Moby.Backbones.Swin;
using Moby.Data;
using Moby.Evaluation;
using Xunit;

namespace Moby.Tests.Evaluation;

public class OfficialLinearProtocolTests
{
    /// <summary>Four classes told apart by overall brightness, which survives crops and flips.</summary>
    private sealed class Brightness(int count) : IImageDataset
    {
        public int Count => count;
        public int Channels => 1;
        public int NumClasses => 4;
        public IReadOnlyList<string> ClassNames => ["0", "1", "2", "3"];
        public ChannelStats Stats => ChannelStats.FashionMnist;
        public DecodedImage Load(int index) =>
            DecodedImage.Create(Enumerable.Range(0, 256).Select(i => (byte)(30 + 60 * Label(index) + (i * 7 + index) % 11)).ToArray(), 16, 16, 1);
        public int Label(int index) => index % 4;
        public string Describe(int index) => $"#{index}";
        public void Dispose() { }
    }

    [Fact]
    public void TrainsAHeadOnTheFrozenBackboneAndReportsEveryEpoch()
    {
        TorchSharp.torch.manual_seed(0);
        using var backbone = BackboneRegistry.Create(new SwinConfig { ImgSize = 16, PatchSize = 2, InChans = 1, EmbedDim = 16, Depths = [2], NumHeads = [2], WindowSize = 4 });
        var before = backbone.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var result = OfficialLinearProtocol.Run(backbone, new Brightness(64), new Brightness(32), new EvalTransformOptions { Size = 16, CropRatio = 1 },
                                                new OfficialLinearOptions { Epochs = 4, WarmupEpochs = 1, BatchSize = 16, BaseLr = 8, Workers = 1 });
        Assert.Equal(4, result.PerEpoch.Count);
        Assert.True(result.Best.Top1 >= 0.5, $"best top-1 {result.Best.Top1} (chance 0.25)");
        Assert.Equal(1.0, result.Last.Top5); // 4 classes
        foreach (var (key, value) in backbone.state_dict()) TensorAssert.Equal(before[key], value, $"frozen {key}");
    }
}
