using static TorchSharp.torch;
using static Moby.Torch.Scalars;

namespace Moby.Evaluation;

/// <summary>
/// Weighted k-nearest-neighbour classification of L2-normalised features (InstDisc / DINO protocol): the k most
/// cosine-similar training features vote for their class with weight exp(similarity / T). Test features are
/// processed in chunks, so memory stays at chunk x N similarities (plus the N_test x classes votes) whatever the data set size.
/// </summary>
internal static class KnnClassifier
{
    public static ClassificationResult Evaluate(Tensor trainFeatures, Tensor trainLabels, Tensor testFeatures, Tensor testLabels,
                                                int numClasses, int k = 20, double temperature = 0.07, int chunk = 512)
    {
        using var scope = NewDisposeScope();
        var train = nn.functional.normalize(trainFeatures.to(float32), dim: 1);
        var test = nn.functional.normalize(testFeatures.to(float32), dim: 1);
        var trainLong = trainLabels.to(int64);
        int neighbours = (int)Math.Min(k, train.shape[0]);
        long n = test.shape[0];
        var votes = zeros(n, numClasses, device: train.device);
        using var t = Of(temperature);
        for (long start = 0; start < n; start += chunk)
        {
            using var inner = NewDisposeScope();
            long size = Math.Min(chunk, n - start);
            var similarity = test.narrow(0, start, size).matmul(train.t());
            var (values, indices) = similarity.topk(neighbours, dim: 1);
            votes.narrow(0, start, size).scatter_add_(1, trainLong[indices], values.div(t).exp_());
        }
        return TopK.FromScores(votes, testLabels);
    }
}
