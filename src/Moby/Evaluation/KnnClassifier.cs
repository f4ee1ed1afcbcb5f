using static TorchSharp.torch;

namespace Moby.Evaluation;

public sealed record ClassificationResult(double Top1, double Top5, long[] Predictions);

/// <summary>
/// Weighted k-nearest-neighbour classification of L2-normalised features (InstDisc / DINO protocol): the k most
/// cosine-similar training features vote for their class with weight exp(similarity / T). Test features are
/// processed in chunks, so memory stays at chunk x N similarities whatever the data set size.
/// </summary>
public static class KnnClassifier
{
    public static ClassificationResult Evaluate(Tensor trainFeatures, Tensor trainLabels, Tensor testFeatures, Tensor testLabels,
                                                int numClasses, int k = 20, double temperature = 0.07, int chunk = 512)
    {
        using var scope = NewDisposeScope();
        var train = nn.functional.normalize(trainFeatures.to(float32), dim: 1);
        var test = nn.functional.normalize(testFeatures.to(float32), dim: 1);
        var trainLong = trainLabels.to(int64);
        int neighbours = (int)Math.Min(k, train.shape[0]);
        long n = test.shape[0], top1 = 0, top5 = 0;
        var predictions = new long[n];
        for (long start = 0; start < n; start += chunk)
        {
            using var inner = NewDisposeScope();
            long size = Math.Min(chunk, n - start);
            var similarity = test.narrow(0, start, size).matmul(train.t());
            var (values, indices) = similarity.topk(neighbours, dim: 1);
            var votes = zeros(size, numClasses).scatter_add_(1, trainLong[indices], values.div(temperature).exp_());
            var ranked = votes.topk(Math.Min(5, numClasses), dim: 1).indexes;
            var truth = testLabels.narrow(0, start, size).to(int64).unsqueeze(1);
            top1 += ranked.narrow(1, 0, 1).eq(truth).sum().item<long>();
            top5 += ranked.eq(truth).any(1).sum().item<long>();
            ranked.select(1, 0).contiguous().data<long>().CopyTo(predictions, (int)start);
        }
        return new ClassificationResult((double)top1 / n, (double)top5 / n, predictions);
    }
}
