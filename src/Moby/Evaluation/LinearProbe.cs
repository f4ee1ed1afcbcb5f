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

        var grid = (from lr in lrs ?? DefaultLrs from wd in weightDecays ?? DefaultWeightDecays
                    select new ProbeSettings(lr, wd, epochs, Seed: seed)).ToList();
        var sweep = new List<SweepPoint>();
        using (var heads = Train(x[fitIdx], trainLabels[fitIdx], numClasses, grid))
        using (var scores = Scores(heads, x[valIdx]))
        using (var valLabels = trainLabels[valIdx])
            for (int i = 0; i < grid.Count; i++)
            {
                double top1 = TopK.FromScores(scores.narrow(1, i * numClasses, numClasses), valLabels).Top1;
                sweep.Add(new SweepPoint(grid[i].Lr, grid[i].WeightDecay, top1));
                log?.Invoke($"lr {grid[i].Lr} wd {grid[i].WeightDecay}: held-out top-1 {top1:P2}");
            }
        var best = sweep.MaxBy(p => p.HeldOutTop1)!;
        var chosen = new ProbeSettings(best.Lr, best.WeightDecay, epochs, Seed: seed);
        using var final = Train(x, trainLabels, numClasses, [chosen]);
        return new LinearProbeResult(Classify(final, xTest, testLabels), chosen, sweep);
    }

    private static (Tensor Mean, Tensor Std) Statistics(Tensor features) =>
        (features.mean([0], keepdim: true), features.std(0, keepdim: true).clamp_min(MinStd));

    /// <summary>
    /// Trains one Linear head per setting on (standardised) features with SGD + Nesterov and a per-iteration cosine
    /// schedule, all at once: the settings may differ only in learning rate and weight decay, so every head starts
    /// from the same initialisation and sees the same batches, and the heads are one wide layer whose columns
    /// [i C, (i + 1) C) are setting i's (the sweep costs about one fit instead of one per setting). Each head's loss,
    /// gradient and update are its own: the same fits as one at a time, up to the order of float sums.
    /// </summary>
    public static Linear Train(Tensor features, Tensor labels, int numClasses, IReadOnlyList<ProbeSettings> settings)
    {
        var first = settings[0];
        if (settings.Any(s => s with { Lr = first.Lr, WeightDecay = first.WeightDecay } != first))
            throw new ArgumentException("Heads trained together may differ only in learning rate and weight decay.", nameof(settings));
        var head = StartingHeads(features.shape[1], numClasses, settings.Count, first.Seed);
        if (!ComputeDevice.IsCpu(features.device)) head.to(features.device);
        using var sgd = new SweepSgd(head, PerColumn(settings, s => s.Lr, numClasses, features.device),
                                     PerColumn(settings, s => s.WeightDecay, numClasses, features.device));
        var generator = new Generator((ulong)first.Seed + 1);
        long n = features.shape[0], steps = (n + first.BatchSize - 1) / first.BatchSize * first.Epochs, step = 0;
        var targets = labels.to(int64);
        for (int epoch = 0; epoch < first.Epochs; epoch++)
        {
            using var order = randperm(n, generator: generator, device: CPU);
            for (long start = 0; start < n; start += first.BatchSize, step++)
            {
                using var scope = NewDisposeScope();
                var idx = order.narrow(0, start, Math.Min(first.BatchSize, n - start));
                head.zero_grad();
                // [batch, classes, heads] against each image's label repeated per head: the sum of the heads' mean losses.
                var scores = head.call(features[idx]).view(-1, settings.Count, numClasses).transpose(1, 2);
                var target = targets[idx].unsqueeze(1).expand(-1, settings.Count);
                var loss = nn.functional.cross_entropy(scores, target, reduction: nn.Reduction.Sum, label_smoothing: first.LabelSmoothing);
                using var batch = Of((double)idx.shape[0]);
                loss.div_(batch).backward();
                sgd.Step(0.5 * (1 + Math.Cos(Math.PI * step / steps)));
            }
        }
        return head;
    }

    /// <summary>The initialisation one fit of <paramref name="seed"/> starts from, repeated for each of <paramref name="count"/> heads.</summary>
    private static Linear StartingHeads(long inFeatures, int numClasses, int count, int seed)
    {
        manual_seed(seed);
        using var one = new Linear(inFeatures, numClasses);
        var heads = new Linear(inFeatures, (long)count * numClasses);
        using var _ = no_grad();
        heads.Weight.copy_(one.Weight.repeat(count, 1));
        heads.Bias!.copy_(one.Bias!.repeat(count));
        return heads;
    }

    /// <summary>A setting's value for each output column of the wide head (its <paramref name="numClasses"/> columns each).</summary>
    private static Tensor PerColumn(IReadOnlyList<ProbeSettings> settings, Func<ProbeSettings, double> value, int numClasses, Device device) =>
        tensor(settings.SelectMany(s => Enumerable.Repeat((float)value(s), numClasses)).ToArray(), device: device);

    private static Tensor Scores(Linear head, Tensor features)
    {
        using var _ = no_grad();
        return head.call(features);
    }

    public static ClassificationResult Classify(Linear head, Tensor features, Tensor labels)
    {
        using var scores = Scores(head, features);
        return TopK.FromScores(scores, labels);
    }
}
