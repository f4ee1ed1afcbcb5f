using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// mmdet's RPNHead, shared by every pyramid level: a 3x3 convolution with ReLU (<c>rpn_conv</c>), then per anchor one
/// objectness logit (<c>rpn_cls</c>, sigmoid: mmdet's use_sigmoid) and four deltas (<c>rpn_reg</c>), channels ordered
/// anchor-major (channel a for the logit, 4a .. 4a + 3 for the deltas). Initialised normal(0, 0.01) with bias 0.
/// </summary>
internal sealed class RPNHead : nn.Module
{
    private readonly Conv2d rpn_conv;
    private readonly Conv2d rpn_cls;
    private readonly Conv2d rpn_reg;

    public RPNHead(long inChannels, long featChannels, int numAnchors) : base(nameof(RPNHead))
    {
        rpn_conv = nn.Conv2d(inChannels, featChannels, 3, padding: 1);
        rpn_cls = nn.Conv2d(featChannels, numAnchors, 1);
        rpn_reg = nn.Conv2d(featChannels, numAnchors * 4, 1);
        using (no_grad())
            foreach (var conv in new[] { rpn_conv, rpn_cls, rpn_reg })
            {
                nn.init.normal_(conv.weight, 0, 0.01);
                conv.bias!.zero_();
            }
        RegisterComponents();
    }

    /// <summary>Per level, objectness logits [B, A, H, W] and deltas [B, 4A, H, W].</summary>
    public (List<Tensor> Scores, List<Tensor> Deltas) Forward(IReadOnlyList<Tensor> features)
    {
        var (scores, deltas) = (new List<Tensor>(), new List<Tensor>());
        foreach (var x in features)
        {
            using var convolved = rpn_conv.call(x);
            using var hidden = nn.functional.relu(convolved);
            scores.Add(rpn_cls.call(hidden));
            deltas.Add(rpn_reg.call(hidden));
        }
        return (scores, deltas);
    }

    /// <summary>A level's outputs of image <paramref name="image"/> in anchor order: logits [H W A] and deltas [H W A, 4].</summary>
    public static (Tensor Scores, Tensor Deltas) Flatten(Tensor scores, Tensor deltas, long image) =>
        (scores[image].permute(1, 2, 0).reshape(-1), deltas[image].permute(1, 2, 0).reshape(-1, 4));
}
