using Moby.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moby.Segmentation;

/// <summary>
/// mmseg's FCNHead as the Swin UPerNet recipe's auxiliary head: <c>convs</c> (3x3 <see cref="ConvModule"/>s, one in the
/// recipe) on one backbone stage, then the classifier; no concatenation of the input (concat_input False).
/// </summary>
internal sealed class FcnHead : DecodeHead
{
    private readonly ModuleList<ConvModule> convs = new();
    private readonly int inIndex;

    public FcnHead(long inChannels, long channels, int numConvs, int inIndex, int numClasses, double dropout)
        : base(nameof(FcnHead), channels, numClasses, dropout)
    {
        if (numConvs < 1) throw new ArgumentException($"The auxiliary head needs at least one convolution, got {numConvs}.");
        this.inIndex = inIndex;
        for (int i = 0; i < numConvs; i++) convs.Add(new ConvModule(i == 0 ? inChannels : channels, channels, 3));
        RegisterComponents();
    }

    public override Tensor forward(List<Tensor> inputs)
    {
        var current = inputs[inIndex].alias();
        foreach (var conv in convs)
        {
            using var previous = current;
            current = conv.call(previous);
        }
        using (current) return Classify(current);
    }
}
