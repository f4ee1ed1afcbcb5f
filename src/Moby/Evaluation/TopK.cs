using static TorchSharp.torch;

namespace Moby.Evaluation;

/// <summary>Top-1 / top-5 accuracy and top-1 predictions from class scores.</summary>
internal static class TopK
{
    public static ClassificationResult FromScores(Tensor scores, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var ranked = scores.topk((int)Math.Min(5, scores.shape[1]), dim: 1).indexes;
        var truth = labels.to(ranked.device).to(int64).unsqueeze(1);
        double n = scores.shape[0];
        double top1 = ranked.narrow(1, 0, 1).eq(truth).sum().item<long>() / n;
        double top5 = ranked.eq(truth).any(1).sum().item<long>() / n;
        return new ClassificationResult(top1, top5, ranked.select(1, 0).cpu().contiguous().data<long>().ToArray());
    }
}
