using Moby.Backbones.Swin;
using Moby.Detection;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Detection;

/// <summary>
/// The whole detector: mmdet's state-dict keys and shapes, the five losses, an overfit of one synthetic image, predictions
/// at the original size, and one clear error for inputs that do not fit.
/// </summary>
public class MaskRCNNTests
{
    /// <summary>A micro Swin (patch 4, three stages of 8 / 16 / 32 channels, windows 4 / 2 / 1): strides 4, 8, 16.</summary>
    internal static SwinConfig Backbone => new()
    {
        ImgSize = 64, PatchSize = 4, InChans = 1, EmbedDim = 8, Depths = [1, 1, 1], NumHeads = [1, 2, 2], WindowSize = 4,
        Padded = true, StageWindows = [4, 2, 1], DropPathRate = 0,
    };

    /// <summary>The scenes' scaling at micro widths: anchors of 8 to 64 px (scale 2 on strides 4 to 32), finest scale 14.</summary>
    internal static MaskRCNNConfig Micro(int numClasses = 5) => new()
    {
        Backbone = Backbone, NumClasses = numClasses, FpnChannels = 16, BoxFcChannels = 32, MaskChannels = 16, MaskConvs = 4,
        AnchorScales = [2], RpnSamples = 64, RoiSamples = 64, FinestScale = 14,
        TrainProposals = new ProposalSettings(300, 100), TestProposals = new ProposalSettings(300, 100),
    };

    /// <summary>
    /// The keys mmdet 2.11 gives this configuration beyond the backbone, read off its module definitions:
    /// FPN(in_channels=[8, 16, 32], out_channels=16, num_outs=4): ModuleLists lateral_convs / fpn_convs of mmcv
    /// ConvModules (norm_cfg=None, act_cfg=None: a biased conv under `conv`), 1x1 and 3x3;
    /// RPNHead(in_channels=16, feat_channels=16, 3 anchors, use_sigmoid): rpn_conv 3x3, rpn_cls 1x1 to 3 x 1,
    /// rpn_reg 1x1 to 3 x 4; StandardRoIHead: bbox_head Shared2FCBBoxHead(in_channels=16, roi_feat_size=7,
    /// fc_out_channels=32, num_classes=5): shared_fcs.0 (16 x 7 x 7 -> 32), shared_fcs.1, fc_cls (-> 5 + 1), fc_reg
    /// (-> 4 x 5, reg_class_agnostic False); mask_head FCNMaskHead(num_convs=4, in_channels=16, conv_out_channels=16,
    /// num_classes=5): convs.i ConvModules (conv + ReLU, biased), upsample ConvTranspose2d(16, 16, 2, stride 2) (weight
    /// [in, out, 2, 2]), conv_logits 1x1 to 5. The RoI extractors and the anchor generator hold no tensors.
    /// (Order is not compared: mmdet's BBoxHead registers fc_cls / fc_reg before shared_fcs; loading is by name.)
    /// </summary>
    private static readonly (string Key, long[] Shape)[] MmdetHeadKeys =
    [
        ("neck.lateral_convs.0.conv.weight", [16, 8, 1, 1]), ("neck.lateral_convs.0.conv.bias", [16]),
        ("neck.lateral_convs.1.conv.weight", [16, 16, 1, 1]), ("neck.lateral_convs.1.conv.bias", [16]),
        ("neck.lateral_convs.2.conv.weight", [16, 32, 1, 1]), ("neck.lateral_convs.2.conv.bias", [16]),
        ("neck.fpn_convs.0.conv.weight", [16, 16, 3, 3]), ("neck.fpn_convs.0.conv.bias", [16]),
        ("neck.fpn_convs.1.conv.weight", [16, 16, 3, 3]), ("neck.fpn_convs.1.conv.bias", [16]),
        ("neck.fpn_convs.2.conv.weight", [16, 16, 3, 3]), ("neck.fpn_convs.2.conv.bias", [16]),
        ("rpn_head.rpn_conv.weight", [16, 16, 3, 3]), ("rpn_head.rpn_conv.bias", [16]),
        ("rpn_head.rpn_cls.weight", [3, 16, 1, 1]), ("rpn_head.rpn_cls.bias", [3]),
        ("rpn_head.rpn_reg.weight", [12, 16, 1, 1]), ("rpn_head.rpn_reg.bias", [12]),
        ("roi_head.bbox_head.fc_cls.weight", [6, 32]), ("roi_head.bbox_head.fc_cls.bias", [6]),
        ("roi_head.bbox_head.fc_reg.weight", [20, 32]), ("roi_head.bbox_head.fc_reg.bias", [20]),
        ("roi_head.bbox_head.shared_fcs.0.weight", [32, 784]), ("roi_head.bbox_head.shared_fcs.0.bias", [32]),
        ("roi_head.bbox_head.shared_fcs.1.weight", [32, 32]), ("roi_head.bbox_head.shared_fcs.1.bias", [32]),
        ("roi_head.mask_head.convs.0.conv.weight", [16, 16, 3, 3]), ("roi_head.mask_head.convs.0.conv.bias", [16]),
        ("roi_head.mask_head.convs.1.conv.weight", [16, 16, 3, 3]), ("roi_head.mask_head.convs.1.conv.bias", [16]),
        ("roi_head.mask_head.convs.2.conv.weight", [16, 16, 3, 3]), ("roi_head.mask_head.convs.2.conv.bias", [16]),
        ("roi_head.mask_head.convs.3.conv.weight", [16, 16, 3, 3]), ("roi_head.mask_head.convs.3.conv.bias", [16]),
        ("roi_head.mask_head.upsample.weight", [16, 16, 2, 2]), ("roi_head.mask_head.upsample.bias", [16]),
        ("roi_head.mask_head.conv_logits.weight", [5, 16, 1, 1]), ("roi_head.mask_head.conv_logits.bias", [5]),
    ];

    [Fact]
    public void KeysAndShapesAreMmdets()
    {
        using var scope = NewDisposeScope();
        using var model = new MaskRCNN(Micro());
        var state = model.state_dict();
        using var pyramid = new SwinPyramid(Backbone);
        var expected = pyramid.state_dict().Select(p => ($"backbone.{p.Key}", p.Value.shape))
            .Concat(MmdetHeadKeys.Select(k => (k.Key, k.Shape))).ToDictionary(k => k.Item1, k => k.Item2);
        Assert.Equal(expected.Keys.Order(), state.Keys.Order());
        foreach (var (key, shape) in expected) Assert.True(shape.SequenceEqual(state[key].shape), $"{key}: [{string.Join(", ", state[key].shape)}]");
        Assert.Contains("backbone.norm2.weight", state.Keys);
        Assert.Contains("backbone.layers.0.blocks.0.attn.relative_position_bias_table", state.Keys);
    }

    /// <summary>A 64 x 64 image: a bright rectangle (class 2) on a dark background, its box and mask.</summary>
    private static (Tensor Image, InstanceTargets Targets) Scene()
    {
        var mask = zeros(1, 64, 64, dtype: ScalarType.Byte);
        mask[0, 20..48, 16..40] = 1;
        var image = (mask.to(ScalarType.Float32) * 2 - 0.5f).unsqueeze(0);
        return (image, new InstanceTargets(tensor(new float[] { 16, 20, 40, 48 }).view(1, 4), tensor(new long[] { 2 }), mask));
    }

    [Fact]
    public void EveryLossIsFiniteAndTheirSumHasGradientsForTheHeads()
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        using var model = new MaskRCNN(Micro());
        var (image, targets) = Scene();
        using var losses = model.Loss(image, [ImageMeta.Unscaled(64, 64)], [targets], new Generator(0));
        foreach (var (name, value) in losses.Values()) Assert.True(double.IsFinite(value), $"{name} = {value}");
        Assert.True(losses.RpnCls.item<float>() > 0.6, "an untrained RPN is near log 2 per sampled anchor");
        Assert.Equal(Math.Log(6), losses.Cls.item<float>(), 1);   // near-zero classifier: uniform over 5 classes + background
        losses.Total().backward();
        var grads = model.named_parameters().Where(p => p.parameter.grad is not null && p.parameter.grad.abs().sum().item<float>() > 0).Select(p => p.name).ToHashSet();
        foreach (var key in new[] { "neck.fpn_convs.0.conv.weight", "rpn_head.rpn_reg.weight", "roi_head.bbox_head.fc_reg.weight", "roi_head.mask_head.conv_logits.weight", "backbone.norm0.weight" })
            Assert.Contains(key, grads);
    }

    [Fact]
    public void TheSameSeedSamplesTheSameRoIs()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var model = new MaskRCNN(Micro() with { RoiSamples = 16, RpnSamples = 16 });
        model.eval();   // no drop path: only the samplers draw
        var (image, targets) = Scene();
        var meta = new[] { ImageMeta.Unscaled(64, 64) };
        IReadOnlyDictionary<string, double> Run(ulong seed)
        {
            using var losses = model.Loss(image, meta, [targets], new Generator(seed));
            return losses.Values();
        }
        Assert.Equal(Run(7), Run(7));
        Assert.NotEqual(Run(7)["loss_cls"], Run(8)["loss_cls"]);
    }

    [Fact]
    public void OneImageIsLearnedAndPredictedAtItsOriginalSize()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var model = new MaskRCNN(Micro());
        var (image, targets) = Scene();
        var meta = new[] { ImageMeta.Unscaled(64, 64) };
        var optimizer = optim.AdamW(model.parameters(), lr: 2e-3, weight_decay: 0);
        var random = new Generator(0);
        var history = new List<IReadOnlyDictionary<string, double>>();
        model.train();
        for (int step = 0; step < 30; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            using var losses = model.Loss(image, meta, [targets], random);
            losses.Total().backward();
            optimizer.step();
            history.Add(losses.Values());
        }
        double Mean(IEnumerable<IReadOnlyDictionary<string, double>> steps, string name) =>
            steps.Average(h => name == "total" ? h.Where(p => p.Key != "acc").Sum(p => p.Value) : h[name]);
        // The box regression loss is left out: it starts near 0 (the ground truth is its own first positive RoI) and
        // grows as better proposals become positives, as in mmdet's first iterations.
        foreach (var name in new[] { "total", "loss_rpn_cls", "loss_rpn_bbox", "loss_cls", "loss_mask" })
            Assert.True(Mean(history.TakeLast(5), name) < Mean(history.Take(5), name), $"{name}: {Mean(history.Take(5), name)} -> {Mean(history.TakeLast(5), name)}");
        model.eval();
        var prediction = model.Predict(image, meta)[0];
        Assert.True(prediction.Count > 0, "no detection above the score threshold");
        Assert.Equal(2, prediction.Labels[0].item<long>());
        var iou = BBoxOps.Overlaps(prediction.Boxes[..1], targets.Boxes)[0, 0].item<float>();
        Assert.True(iou > 0.5, $"best box {string.Join(", ", prediction.Boxes[0].data<float>().ToArray())}: IoU {iou}");
        Assert.Equal([prediction.Count, 64, 64], prediction.Masks.shape);
        var overlap = (prediction.Masks[0] & targets.Masks[0]).sum().item<long>();
        var union = (prediction.Masks[0] | targets.Masks[0]).sum().item<long>();
        Assert.True(overlap > 0.5 * union, $"mask IoU {overlap} / {union}");
    }

    [Fact]
    public void PredictionsComeAtTheOriginalSizeByDecreasingScore()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var model = new MaskRCNN(Micro() with { MaskThr = -1 });
        model.eval();
        // two images resized to 64 x 48 and 40 x 64 inside a 64 x 64 batch, from originals of 128 x 96 and 60 x 96
        var metas = new[] { new ImageMeta(64, 48, 64, 64, 128, 96), new ImageMeta(40, 64, 64, 64, 60, 96) };
        var predictions = model.Predict(randn(2, 1, 64, 64), metas);
        for (int i = 0; i < 2; i++)
        {
            var (p, meta) = (predictions[i], metas[i]);
            Assert.InRange(p.Count, 1, 100);   // an untrained classifier scores each class about 1 / 6, above 0.05
            Assert.Equal([p.Count, meta.OriginalHeight, meta.OriginalWidth], p.Masks.shape);
            Assert.Equal(ScalarType.Float32, p.Masks.dtype);   // MaskThr < 0: probabilities
            Assert.InRange(p.Masks.max().item<float>(), 0, 1);
            Assert.True(p.Boxes[.., 2].le(meta.OriginalWidth + 1e-3).all().item<bool>() && p.Boxes[.., 3].le(meta.OriginalHeight + 1e-3).all().item<bool>());
            var scores = p.Scores.data<float>().ToArray();
            Assert.Equal(scores.OrderDescending(), scores);
            Assert.InRange(p.Labels.max().item<long>(), 0, 4);
        }
    }

    [Fact]
    public void InputsThatDoNotFitAreOneClearError()
    {
        using var scope = NewDisposeScope();
        using var model = new MaskRCNN(Micro());
        var (image, targets) = Scene();
        var meta = new[] { ImageMeta.Unscaled(64, 64) };
        Assert.Contains("[B, 1, H, W]", Assert.Throws<ArgumentException>(() => model.Predict(randn(1, 3, 64, 64), meta)).Message);
        Assert.Contains("exceeds", Assert.Throws<ArgumentException>(() => model.Predict(image, [new ImageMeta(64, 64, 96, 64, 64, 64)])).Message);
        var badLabel = targets with { Labels = tensor(new long[] { 5 }) };
        Assert.Contains("[0, 5)", Assert.Throws<ArgumentException>(() => model.Loss(image, meta, [badLabel], new Generator(0))).Message);
        var badMask = targets with { Masks = zeros(1, 32, 32, dtype: ScalarType.Byte) };
        Assert.Contains("padded size", Assert.Throws<ArgumentException>(() => model.Loss(image, meta, [badMask], new Generator(0))).Message);
        Assert.Contains("padded Swin", Assert.Throws<ArgumentException>(() => new MaskRCNN(Micro() with { Backbone = Backbone with { Padded = false } })).Message);
    }
}
