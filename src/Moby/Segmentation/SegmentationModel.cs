using Moby.Backbones.Swin;
using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Segmentation;

/// <summary>
/// mmseg's EncoderDecoder: <c>backbone</c> (<see cref="SwinPyramid"/>), <c>decode_head</c> (<see cref="UperHead"/>) and
/// the optional <c>auxiliary_head</c> (<see cref="FcnHead"/>), with mmseg's key names so that the official Swin
/// segmentation checkpoints load by name. Inference is mmseg's whole-image mode: the decode logits resized bilinearly
/// to the input size.
/// </summary>
internal sealed class SegmentationModel : nn.Module<Tensor, Tensor>
{
    private readonly SwinPyramid backbone;
    private readonly UperHead decode_head;
    private readonly FcnHead? auxiliary_head;

    public SegmentationModel(SegmentationModelConfig config) : base(nameof(SegmentationModel))
    {
        Config = config;
        backbone = new SwinPyramid(config.Backbone);
        var widths = backbone.Channels;
        decode_head = new UperHead(widths, config.Channels, config.PoolScales, config.NumClasses, config.Dropout);
        auxiliary_head = config.Auxiliary
            ? new FcnHead(widths[config.AuxStage], config.AuxChannels, config.AuxConvs, config.AuxStage, config.NumClasses, config.Dropout)
            : null;
        RegisterComponents();
    }

    public SegmentationModelConfig Config { get; }

    /// <summary>The backbone, for loading pre-trained weights into it.</summary>
    public SwinPyramid Backbone => backbone;

    /// <summary>The backbone's normalised stage maps.</summary>
    public List<Tensor> Features(Tensor x) => backbone.call(x);

    /// <summary>Both heads' logits at their own strides (the auxiliary head's only in training, as mmseg).</summary>
    public SegmentationOutput Forward(Tensor x, bool withAuxiliary)
    {
        var features = Features(x);
        try
        {
            return new SegmentationOutput(decode_head.call(features), withAuxiliary ? auxiliary_head?.call(features) : null);
        }
        finally
        {
            foreach (var map in features) map.Dispose();
        }
    }

    /// <summary>Logits [B, classes, H, W] at the input's size.</summary>
    public override Tensor forward(Tensor x)
    {
        using var output = Forward(x, withAuxiliary: false);
        return Resize.Like(output.Decode, x);
    }
}
