using Moby.Backbones;
using Moby.Data;
using Moby.Optim;
using static TorchSharp.torch;

namespace Moby.Evaluation;

/// <summary>
/// The paper's linear evaluation (official moby_linear.py): a Linear head on the frozen backbone's pooled feature,
/// SGD with Nesterov momentum 0.9, lr 1.0 x batch / 512, no weight decay, label smoothing 0.1, 5 warmup epochs then
/// cosine per iteration, 100 epochs; random-resized-crop + flip for training, resize + centre crop for testing; top-1
/// and top-5 every epoch. One deliberate difference: the frozen backbone runs in eval mode (the official script leaves
/// drop path active in the frozen backbone because the whole model is in train mode). Since it is frozen and
/// deterministic, the test features are computed once.
/// </summary>
internal static class OfficialLinearProtocol
{
    public static OfficialLinearResult Run(Backbone backbone, IImageDataset train, IImageDataset test, EvalTransformOptions evalTransform,
                                           OfficialLinearOptions options, Action<EpochAccuracy>? epochDone = null)
    {
        backbone.eval();
        foreach (var p in backbone.parameters()) p.requires_grad = false;
        using var testFeatures = LabeledFeatures.Extract(backbone, test, evalTransform, workers: options.Workers, warn: options.Warn);
        var loader = new BatchLoader(train, new TwoViewTransform(CropAndFlip(evalTransform.Size), train.Stats), new LoaderOptions
        {
            BatchSize = options.BatchSize, Seed = options.Seed, DropLast = false,
            Workers = options.Workers > 0 ? options.Workers : Environment.ProcessorCount, Warn = options.Warn,
        });
        manual_seed(options.Seed);
        using var head = new Nn.Linear(backbone.NumFeatures, train.NumClasses);
        Nn.TruncNormal.Fill(head.Weight, std: 0.01);
        head.Bias!.detach().zero_();
        double scale = options.BatchSize / 512.0;
        var schedule = new CosineSchedule(options.BaseLr * scale, 5e-7 * scale, 5e-6 * scale, (long)options.WarmupEpochs * loader.BatchesPerEpoch,
                                          (long)options.Epochs * loader.BatchesPerEpoch);
        using var optimizer = optim.SGD(head.parameters(), schedule.At(0), momentum: 0.9, nesterov: true);
        var history = new List<EpochAccuracy>();
        long step = 0;
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            foreach (var batch in loader.Epoch(epoch))
            {
                using var scope = NewDisposeScope();
                using (batch)
                {
                    foreach (var group in optimizer.ParamGroups) group.LearningRate = schedule.ForIteration(step++);
                    var features = FeatureExtractor.Forward(backbone, batch.View1);
                    var loss = nn.functional.cross_entropy(head.call(features), batch.Labels, label_smoothing: options.LabelSmoothing);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                }
            }
            var scored = LinearProbe.Classify(head, testFeatures.Features, testFeatures.Labels);
            var accuracy = new EpochAccuracy(epoch, scored.Top1, scored.Top5);
            history.Add(accuracy);
            epochDone?.Invoke(accuracy);
        }
        return new OfficialLinearResult(history);
    }

    /// <summary>
    /// torchvision's RandomResizedCrop with its default ranges (scale 0.08-1, aspect ratio 3/4-4/3, bilinear) and a
    /// horizontal flip: the two-view pipeline with every other step off.
    /// </summary>
    private static SslAugmentationOptions CropAndFlip(int size)
    {
        var view = new ViewOptions { FlipP = 0.5, ColorJitterP = 0, GrayscaleP = 0, BlurP = 0, SolarizeP = 0 };
        return new SslAugmentationOptions
        {
            Size = size, ScaleMin = 0.08, ScaleMax = 1.0, RatioMin = 3.0 / 4.0, RatioMax = 4.0 / 3.0,
            ColorJitter = new ColorJitterOptions(0, 0, 0, 0), BlurSigmaMin = 0, BlurSigmaMax = 0, View1 = view, View2 = view,
        };
    }
}
