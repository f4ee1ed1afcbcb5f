using Moby.Backbones.Swin;

namespace Moby.Detection;

/// <summary>
/// Mask R-CNN with FPN on a padded Swin (<see cref="SwinPyramid"/>), as the official Swin detection code builds it
/// (mmdet 2.11, configs/_base_/models/mask_rcnn_swin_fpn.py). Defaults are mmdet's, for 800 px COCO images; the
/// settings a smaller data set scales (widths, anchors, RoIs per image, level mapping) come from MOBYNET.DET.* in
/// defaults.yaml through the run's recipe. The rest is mmdet's and fixed: RoIAlign 7 (boxes) and 14 (masks), 28 x 28
/// mask targets, the assigners' thresholds, the coders' stds.
/// </summary>
internal sealed record MaskRCNNConfig
{
    public const int BoxRoiSize = 7;
    public const int MaskRoiSize = 14;

    public required SwinConfig Backbone { get; init; }
    public required int NumClasses { get; init; }

    /// <summary>FPN output channels, also the RPN's hidden width (mmdet 256).</summary>
    public int FpnChannels { get; init; } = 256;

    /// <summary>Max-pooled levels after the backbone's (mmdet's num_outs 5 = 4 stages + 1).</summary>
    public int ExtraLevels { get; init; } = 1;

    /// <summary>Anchor sides in strides (mmdet 8: 32 px at stride 4 ... 512 px at stride 64) and ratios h / w.</summary>
    public double[] AnchorScales { get; init; } = [8];
    public double[] AnchorRatios { get; init; } = [0.5, 1.0, 2.0];

    /// <summary>Anchors sampled per image for the RPN loss and their positive fraction (mmdet 256, 0.5).</summary>
    public int RpnSamples { get; init; } = 256;
    public double RpnPosFraction { get; init; } = 0.5;

    public ProposalSettings TrainProposals { get; init; } = new(2000, 1000);
    public ProposalSettings TestProposals { get; init; } = new(1000, 1000);

    /// <summary>RoIs sampled per image for the R-CNN losses and their positive fraction (mmdet 512, 0.25).</summary>
    public int RoiSamples { get; init; } = 512;
    public double RoiPosFraction { get; init; } = 0.25;

    /// <summary>The RoI extractor's finest_scale: RoIs smaller than twice this go to the finest level (mmdet 56).</summary>
    public double FinestScale { get; init; } = 56;

    /// <summary>Width of the box head's two shared fully connected layers (mmdet 1024).</summary>
    public int BoxFcChannels { get; init; } = 1024;

    /// <summary>Width and depth of the mask head's convolutions (mmdet 256, 4).</summary>
    public int MaskChannels { get; init; } = 256;
    public int MaskConvs { get; init; } = 4;

    /// <summary>Test: score threshold, per-class NMS IoU, detections per image, mask binarisation (negative: probabilities).</summary>
    public double ScoreThr { get; init; } = 0.05;
    public double NmsIou { get; init; } = 0.5;
    public int MaxPerImg { get; init; } = 100;
    public double MaskThr { get; init; } = 0.5;

    /// <summary>The strides of the backbone's stages (patch x 2^i): the RoI extractor's featmap_strides.</summary>
    public int[] StageStrides => Enumerable.Range(0, Backbone.NumLayers).Select(i => Backbone.PatchSize << i).ToArray();

    /// <summary>The strides of all pyramid levels, the pooled ones included: the anchor generator's.</summary>
    public int[] LevelStrides => Enumerable.Range(0, Backbone.NumLayers + ExtraLevels).Select(i => Backbone.PatchSize << i).ToArray();

    /// <summary>Describes why the configuration cannot run, or null.</summary>
    public string? Problem()
    {
        if (NumClasses < 1) return $"a detector needs at least one class, got {NumClasses}";
        if (FpnChannels < 1 || BoxFcChannels < 1 || MaskChannels < 1 || MaskConvs < 0 || ExtraLevels < 0) return "head widths must be positive";
        if (AnchorScales.Length == 0 || AnchorScales.Any(s => !(s > 0)) || AnchorRatios.Length == 0 || AnchorRatios.Any(r => !(r > 0)))
            return "anchor scales and ratios must be positive and non-empty";
        if (RpnSamples < 1 || RoiSamples < 1 || RpnPosFraction is < 0 or > 1 || RoiPosFraction is < 0 or > 1) return "sample counts must be positive, fractions in [0, 1]";
        if (TrainProposals.NmsPre < 1 || TrainProposals.MaxPerImg < 1 || TestProposals.NmsPre < 1 || TestProposals.MaxPerImg < 1) return "proposal counts must be positive";
        if (!(FinestScale > 0)) return "the finest scale must be positive";
        return Backbone.Padded ? Backbone.Problem() : "the backbone must be a padded Swin (SwinConfig.Padded)";
    }

    /// <summary>The weight matrices of the FPN, RPN, box and mask heads (biases left out): what the heads hold beyond the backbone.</summary>
    public long HeadWeights()
    {
        long f = FpnChannels, b = BoxFcChannels, m = MaskChannels, anchors = AnchorScales.Length * AnchorRatios.Length;
        long lateral = Enumerable.Range(0, Backbone.NumLayers).Sum(s => (long)Backbone.EmbedDim << s) * f;
        long fpn = lateral + Backbone.NumLayers * 9 * f * f;
        long rpn = 9 * f * f + 5 * anchors * f;
        long box = BoxRoiSize * BoxRoiSize * f * b + b * b + (5L * NumClasses + 1) * b;
        long mask = (MaskConvs > 0 ? 9 * m * (f + (MaskConvs - 1) * m) : 0) + 4 * m * (MaskConvs > 0 ? m : f) + m * NumClasses;
        return fpn + rpn + box + mask;
    }
}
