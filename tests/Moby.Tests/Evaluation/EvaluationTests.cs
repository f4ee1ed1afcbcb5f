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
}
