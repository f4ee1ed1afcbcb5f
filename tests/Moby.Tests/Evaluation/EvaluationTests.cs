using Moby.Evaluation;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Evaluation;

public class EvaluationTests
{
    /// <summary>Straightforward per-sample weighted kNN, for comparison.</summary>
    private static long[] BruteForceKnn(float[,] train, long[] trainLabels, float[,] test, int classes, int k, double t)
    {
        int n = train.GetLength(0), d = train.GetLength(1), m = test.GetLength(0);
        double Norm(float[,] a, int i) => Math.Sqrt(Enumerable.Range(0, d).Sum(j => (double)a[i, j] * a[i, j]));
        var result = new long[m];
        for (int q = 0; q < m; q++)
        {
            var sims = Enumerable.Range(0, n).Select(i => (i, s: Enumerable.Range(0, d).Sum(j => (double)test[q, j] * train[i, j]) / Norm(test, q) / Norm(train, i)))
                .OrderByDescending(x => x.s).Take(k);
            var votes = new double[classes];
            foreach (var (i, s) in sims) votes[trainLabels[i]] += Math.Exp(s / t);
            result[q] = Array.IndexOf(votes, votes.Max());
        }
        return result;
    }

    [Fact]
    public void KnnMatchesBruteForce()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var train = randn(300, 8);
        var test = randn(50, 8);
        var trainLabels = randint(0, 4, [300]);
        var testLabels = randint(0, 4, [50]);
        var result = KnnClassifier.Evaluate(train, trainLabels, test, testLabels, numClasses: 4, k: 7, temperature: 0.1, chunk: 16);
        var expected = BruteForceKnn(ToArray(train), trainLabels.data<long>().ToArray(), ToArray(test), 4, 7, 0.1);
        Assert.Equal(expected, result.Predictions);
        double top1 = expected.Zip(testLabels.data<long>().ToArray()).Count(p => p.First == p.Second) / 50.0;
        Assert.Equal(top1, result.Top1, 10);
        Assert.Equal(1.0, result.Top5); // 4 classes: the true one is always in the top 5
    }

    private static float[,] ToArray(Tensor t)
    {
        var flat = t.contiguous().data<float>().ToArray();
        var result = new float[t.shape[0], t.shape[1]];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(float));
        return result;
    }

    [Fact]
    public void LinearProbeFitsALinearlySeparableSet()
    {
        using var scope = NewDisposeScope();
        manual_seed(8);
        var directions = randn(3, 16) * 3;
        Tensor Sample(int n, out Tensor labels)
        {
            labels = randint(0, 3, [n]);
            return directions[labels] + randn(n, 16) * 0.3;
        }
        var train = Sample(600, out var trainLabels);
        var test = Sample(200, out var testLabels);
        var result = LinearProbe.Fast(train, trainLabels, test, testLabels, numClasses: 3, epochs: 10, lrs: [0.1, 1.0], weightDecays: [0]);
        Assert.Equal(1.0, result.Test.Top1);
        Assert.Equal(2, result.Sweep.Count);
        Assert.Equal(result.Sweep.MaxBy(p => p.HeldOutTop1)!.Lr, result.Chosen.Lr);
    }

    /// <summary>The probe's fit written with PyTorch's own optimiser, one head at a time (as the probe was before the sweep trained its heads together).</summary>
    private static (Tensor Weight, Tensor Bias) ReferenceFit(Tensor x, Tensor y, int classes, ProbeSettings s)
    {
        manual_seed(s.Seed);
        using var head = new Moby.Nn.Linear(x.shape[1], classes);
        using var sgd = optim.SGD(head.parameters(), s.Lr, momentum: 0.9, weight_decay: s.WeightDecay, nesterov: true);
        var generator = new Generator((ulong)s.Seed + 1);
        long n = x.shape[0], steps = (n + s.BatchSize - 1) / s.BatchSize * s.Epochs, step = 0;
        for (int epoch = 0; epoch < s.Epochs; epoch++)
        {
            using var order = randperm(n, generator: generator);
            for (long start = 0; start < n; start += s.BatchSize, step++)
            {
                using var scope = NewDisposeScope();
                var idx = order.narrow(0, start, Math.Min(s.BatchSize, n - start));
                foreach (var group in sgd.ParamGroups) group.LearningRate = s.Lr * 0.5 * (1 + Math.Cos(Math.PI * step / steps));
                sgd.zero_grad();
                nn.functional.cross_entropy(head.call(x[idx]), y[idx], label_smoothing: s.LabelSmoothing).backward();
                sgd.step();
            }
        }
        return (head.Weight.detach().clone(), head.Bias!.detach().clone());
    }

    [Fact]
    public void ProbeHeadsTrainedTogetherMatchPyTorchsSgdOneAtATime()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var x = randn(300, 12);
        var y = randint(0, 4, [300]);
        ProbeSettings[] grid = [.. new (double Lr, double Wd)[] { (0.03, 0), (0.3, 1e-3), (1.0, 1e-4) }
                                    .Select(p => new ProbeSettings(p.Lr, p.Wd, Epochs: 3, BatchSize: 64, Seed: 5))];
        using var together = LinearProbe.Train(x, y, 4, grid);
        for (int i = 0; i < grid.Length; i++)
        {
            var (weight, bias) = ReferenceFit(x, y, 4, grid[i]);
            Assert.True(allclose(together.Weight.detach().narrow(0, 4 * i, 4), weight, rtol: 1e-4, atol: 1e-5), $"weights of setting {i}");
            Assert.True(allclose(together.Bias!.detach().narrow(0, 4 * i, 4), bias, rtol: 1e-4, atol: 1e-5), $"bias of setting {i}");
        }
        // The three fits really differ (a shared update would pass the loop above only by accident).
        Assert.False(allclose(together.Weight.detach().narrow(0, 0, 4), together.Weight.detach().narrow(0, 4, 4), rtol: 1e-3, atol: 1e-3));
    }

    [Fact]
    public void ProbeHeadsTrainedTogetherMustShareTheirSchedule()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => LinearProbe.Train(randn(8, 2), randint(0, 2, [8]), 2, [new(0.1, 0), new(0.1, 0, Epochs: 2)]));
        Assert.Contains("learning rate and weight decay", e.Message);
    }
}
