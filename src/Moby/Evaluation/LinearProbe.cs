using TorchSharp;
using static TorchSharp.torch;
using Moby.Nn;
using Linear = Moby.Nn.Linear;
using static Moby.Torch.Scalars;

namespace Moby.Evaluation;

/// <summary>
/// The fast linear probe: a Linear head trained on cached, standardised features (standardising is an affine map
/// a linear head could absorb; it only makes the optimisation well conditioned), with the official optimiser family
/// (SGD, Nesterov momentum 0.9, label smoothing 0.1, cosine schedule). The learning rate and weight decay are chosen
/// on a held-out part of the training set; the test set is evaluated once, with the chosen head retrained on all of it.
/// </summary>
internal static class LinearProbe
{
    private static readonly Scalar MinStd = Of(1e-6);

    public static readonly double[] DefaultLrs = [0.03, 0.1, 0.3, 1.0];
    public static readonly double[] DefaultWeightDecays = [0, 1e-4, 1e-3];

    public static LinearProbeResult Fast(Tensor trainFeatures, Tensor trainLabels, Tensor testFeatures, Tensor testLabels, int numClasses,
                                         double heldOut = 0.1, int epochs = 60, int seed = 0, IEnumerable<double>? lrs = null,
                                         IEnumerable<double>? weightDecays = null, Action<string>? log = null)
    {
        using var scope = NewDisposeScope();
        var (mean, std) = Statistics(trainFeatures);
        var x = trainFeatures.sub(mean).div_(std);
        var xTest = testFeatures.sub(mean).div_(std);
        var permutation = randperm(x.shape[0], generator: new Generator((ulong)seed), device: CPU);
        long valCount = (long)(x.shape[0] * heldOut);
        var valIdx = permutation.narrow(0, 0, valCount);
        var fitIdx = permutation.narrow(0, valCount, x.shape[0] - valCount);

        var sweep = new List<SweepPoint>();
        foreach (double lr in lrs ?? DefaultLrs)
            foreach (double wd in weightDecays ?? DefaultWeightDecays)
            {
                var settings = new ProbeSettings(lr, wd, epochs, Seed: seed);
                using var head = Train(x[fitIdx], trainLabels[fitIdx], numClasses, settings);
                double top1 = Classify(head, x[valIdx], trainLabels[valIdx]).Top1;
                sweep.Add(new SweepPoint(lr, wd, top1));
                log?.Invoke($"lr {lr} wd {wd}: held-out top-1 {top1:P2}");
            }
        var best = sweep.MaxBy(p => p.HeldOutTop1)!;
        var chosen = new ProbeSettings(best.Lr, best.WeightDecay, epochs, Seed: seed);
        using var final = Train(x, trainLabels, numClasses, chosen);
        return new LinearProbeResult(Classify(final, xTest, testLabels), chosen, sweep);
    }

    private static (Tensor Mean, Tensor Std) Statistics(Tensor features) =>
        (features.mean([0], keepdim: true), features.std(0, keepdim: true).clamp_min(MinStd));

    /// <summary>Trains a Linear head on (standardised) features with SGD + Nesterov and a per-iteration cosine schedule.</summary>
    public static Linear Train(Tensor features, Tensor labels, int numClasses, ProbeSettings settings)
    {
        manual_seed(settings.Seed);
        var head = new Linear(features.shape[1], numClasses); // built on the CPU, as every model, then moved to the features
        if (!ComputeDevice.IsCpu(features.device)) head.to(features.device);
        using var optimizer = optim.SGD(head.parameters(), settings.Lr, momentum: 0.9, weight_decay: settings.WeightDecay, nesterov: true);
        var generator = new Generator((ulong)settings.Seed + 1);
        long n = features.shape[0], steps = (n + settings.BatchSize - 1) / settings.BatchSize * settings.Epochs, step = 0;
        var targets = labels.to(int64);
        for (int epoch = 0; epoch < settings.Epochs; epoch++)
        {
            using var order = randperm(n, generator: generator, device: CPU);
            for (long start = 0; start < n; start += settings.BatchSize, step++)
            {
                using var scope = NewDisposeScope();
                var idx = order.narrow(0, start, Math.Min(settings.BatchSize, n - start));
                foreach (var group in optimizer.ParamGroups) group.LearningRate = settings.Lr * 0.5 * (1 + Math.Cos(Math.PI * step / steps));
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(head.call(features[idx]), targets[idx], label_smoothing: settings.LabelSmoothing);
                loss.backward();
                optimizer.step();
            }
        }
        return head;
    }

    public static ClassificationResult Classify(Linear head, Tensor features, Tensor labels)
    {
        using var _ = no_grad();
        using var scores = head.call(features);
        return TopK.FromScores(scores, labels);
    }
}
