using Moby.Backbones.Swin;
using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// mmdet's MaskRCNN (TwoStageDetector) on a padded Swin: <c>backbone</c> (<see cref="SwinPyramid"/>, its stages as the
/// official Swin detection code returns them), <c>neck</c> (<see cref="FPN"/>), <c>rpn_head</c> (<see cref="RPNHead"/>)
/// and <c>roi_head</c> (<see cref="StandardRoIHead"/>), with mmdet's state-dict keys so that official Swin Mask R-CNN
/// checkpoints load by name. Takes images [B, C, H, W] (normalised, padded) with one <see cref="ImageMeta"/> each.
/// </summary>
internal sealed class MaskRCNN : nn.Module
{
    private readonly SwinPyramid backbone;
    private readonly FPN neck;
    private readonly RPNHead rpn_head;
    private readonly StandardRoIHead roi_head;
    private readonly AnchorGenerator anchors;
    private readonly RPNLoss rpnLoss;

    public MaskRCNN(MaskRCNNConfig config) : base(nameof(MaskRCNN))
    {
        if (config.Problem() is { } problem) throw new ArgumentException($"Invalid Mask R-CNN configuration: {problem}.");
        Config = config;
        backbone = new SwinPyramid(config.Backbone);
        neck = new FPN(backbone.Channels, config.FpnChannels, config.ExtraLevels);
        anchors = new AnchorGenerator(config.LevelStrides, config.AnchorRatios, config.AnchorScales);
        rpn_head = new RPNHead(config.FpnChannels, config.FpnChannels, anchors.NumBaseAnchors);
        roi_head = new StandardRoIHead(config);
        rpnLoss = new RPNLoss(new RandomSampler(config.RpnSamples, config.RpnPosFraction, AddGtAsProposals: false));
        RegisterComponents();
    }

    public MaskRCNNConfig Config { get; }

    /// <summary>The backbone, for loading pre-trained weights into it.</summary>
    public SwinPyramid Backbone => backbone;

    /// <summary>The FPN's levels (mmdet's extract_feat).</summary>
    public List<Tensor> Features(Tensor images)
    {
        var stages = backbone.call(images);
        try
        {
            return neck.call(stages);
        }
        finally
        {
            foreach (var map in stages) map.Dispose();
        }
    }

    /// <summary>mmdet's forward_train: the five losses of a batch; draws of the samplers from <paramref name="random"/>.</summary>
    public DetectionLosses Loss(Tensor images, IReadOnlyList<ImageMeta> metas, IReadOnlyList<InstanceTargets> targets, Generator random)
    {
        Check(images, metas);
        if (targets.Count != metas.Count) throw new ArgumentException($"{targets.Count} target sets for {metas.Count} images.");
        for (int i = 0; i < targets.Count; i++)
            if (targets[i].Problem(images.shape[2], images.shape[3], Config.NumClasses) is { } problem)
                throw new ArgumentException($"Image {i} of the batch: {problem}.");
        using var scope = NewDisposeScope();
        var features = Features(images);
        var (scores, deltas) = rpn_head.Forward(features);
        var levelAnchors = anchors.GridAnchors(scores.Select(s => (s.shape[2], s.shape[3])).ToList(), images.device);
        var (rpnCls, rpnBbox) = rpnLoss.Compute(scores, deltas, levelAnchors, anchors, metas, targets, random);
        var proposals = RPNProposals.Get(scores, deltas, levelAnchors, metas, Config.TrainProposals);
        var (cls, bbox, accuracy, mask) = roi_head.Loss(features, proposals, targets, random);
        var losses = new DetectionLosses(rpnCls, rpnBbox, cls, bbox, mask, accuracy);
        foreach (var t in new[] { rpnCls, rpnBbox, cls, bbox, mask, accuracy }) t.MoveToOuterDisposeScope();
        return losses;
    }

    /// <summary>mmdet's simple_test with rescale: each image's detections at its original size (call in eval mode).</summary>
    public List<Detections> Predict(Tensor images, IReadOnlyList<ImageMeta> metas)
    {
        Check(images, metas);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var features = Features(images);
        var (scores, deltas) = rpn_head.Forward(features);
        var levelAnchors = anchors.GridAnchors(scores.Select(s => (s.shape[2], s.shape[3])).ToList(), images.device);
        var proposals = RPNProposals.Get(scores, deltas, levelAnchors, metas, Config.TestProposals);
        return roi_head.Predict(features, proposals, metas);
    }

    private void Check(Tensor images, IReadOnlyList<ImageMeta> metas)
    {
        if (images.ndim != 4 || images.shape[1] != Config.Backbone.InChans)
            throw new ArgumentException($"Mask R-CNN takes images [B, {Config.Backbone.InChans}, H, W], got [{string.Join(", ", images.shape)}].");
        if (metas.Count != images.shape[0]) throw new ArgumentException($"{metas.Count} image metas for a batch of {images.shape[0]}.");
        for (int i = 0; i < metas.Count; i++)
            if (metas[i].Problem(images.shape[2], images.shape[3]) is { } problem) throw new ArgumentException($"Image {i} of the batch: {problem}.");
    }
}
