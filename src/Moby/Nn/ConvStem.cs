using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moby.Nn;

/// <summary>
/// The convolutional stem of Xiao et al. 2021 ("Early Convolutions Help Transformers See Better"): log2(patch)
/// 3x3 stride-2 convolutions with BatchNorm and ReLU, channels doubling up to the embedding width, in place of
/// the single patchify convolution. Overlapping receptive fields make small transformers train faster.
/// Keys: <c>stages.{i}.conv.weight</c>, <c>stages.{i}.bn.*</c> for each stride-2 stage.
/// </summary>
internal sealed class ConvStem : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<ConvBnRelu> stages = new();

    public long OutChannels { get; }

    public ConvStem(long inChans, long embedDim, long patchSize) : base(nameof(ConvStem))
    {
        long channels = inChans;
        foreach (long width in StageWidths(embedDim, patchSize))
        {
            stages.Add(new ConvBnRelu(channels, width));
            channels = width;
        }
        OutChannels = channels;
        RegisterComponents();
    }

    /// <summary>Whether a stem can make patches of this size: a power of two, at least 2.</summary>
    public static bool Supports(long patchSize) => patchSize >= 2 && (patchSize & (patchSize - 1)) == 0;

    /// <summary>Output channels of the log2(patch) stride-2 stages: doubling, the last one the embedding width.</summary>
    public static long[] StageWidths(long embedDim, long patchSize)
    {
        if (!Supports(patchSize))
            throw new ArgumentException($"A convolutional stem needs a power-of-two patch size (2, 4, 8, 16), got {patchSize}.");
        int count = (int)Math.Log2(patchSize);
        return Enumerable.Range(0, count).Select(i => embedDim >> (count - 1 - i)).ToArray();
    }

    public override Tensor forward(Tensor x)
    {
        var current = x.alias();
        foreach (var stage in stages)
        {
            using var previous = current;
            current = stage.call(previous);
        }
        return current;
    }

    /// <summary>3x3 stride-2 convolution without bias, BatchNorm over batch and positions, ReLU.</summary>
    private sealed class ConvBnRelu : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv;
        private readonly SyncBatchNorm bn;

        public ConvBnRelu(long inChans, long outChans) : base(nameof(ConvBnRelu))
        {
            conv = nn.Conv2d(inChans, outChans, kernel_size: 3, stride: 2, padding: 1, bias: false);
            bn = new SyncBatchNorm(outChans);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var convolved = conv.call(x);
            // SyncBatchNorm takes [N, C, L]: flatten the positions, normalise, restore the map.
            using var flat = convolved.flatten(2);
            using var normed = bn.call(flat);
            using var map = normed.view(convolved.shape);
            return nn.functional.relu(map);
        }
    }
}
