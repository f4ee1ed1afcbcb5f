using Moby.Data;
using Moby.Nn;
using Moby.Optim;
using TorchSharp;
using static TorchSharp.torch;
using static Moby.Torch.Scalars;

namespace Moby.Finetune;

/// <summary>What one fine-tuning step measured: the loss, the gradient norm before clipping, and the images whose top-1 class was their label.</summary>
internal sealed record FinetuneStepResult(double Loss, double GradNorm, long Correct, long Images);

/// <summary>
/// One optimizer step of fine-tuning over one or more micro-batches: zero grads; per micro-batch mixup / cutmix (when
/// on), forward, cross-entropy with label smoothing (soft targets with mixup, as timm's SoftTargetCrossEntropy) divided
/// by the micro-batch count, backward; average the gradients over the processes; clip the total norm; AdamW step.
/// </summary>
internal sealed class FinetuneStep(Classifier model, AdamW optimizer, FinetuneSettings settings, int rank, Action? averageGradients = null)
{
    private readonly List<TorchSharp.Modules.Parameter> trainable = model.TrainableParameters().Select(p => p.Parameter).ToList();

    public FinetuneStepResult Run(IReadOnlyList<TwoViewBatch> microBatches, double lr, long step)
    {
        optimizer.LearningRate = lr;
        optimizer.ZeroGrad();
        double loss = 0;
        long correct = 0, images = 0;
        for (int i = 0; i < microBatches.Count; i++)
        {
            using var scope = NewDisposeScope();
            var batch = microBatches[i];
            var labels = batch.Labels.to(batch.View1.device); // the loader keeps labels on the host
            var output = Loss(batch.View1, labels, step, (long)rank * microBatches.Count + i, out var logits);
            using var count = Of(microBatches.Count);
            (microBatches.Count == 1 ? output : output.div(count)).backward();
            loss += output.item<float>() / microBatches.Count;
            correct += logits.argmax(1).eq(labels).sum().item<long>();
            images += batch.Count;
        }
        averageGradients?.Invoke();
        // An infinite limit clips nothing and still returns the total norm, which the metrics want either way.
        double gradNorm = nn.utils.clip_grad_norm_(trainable, settings.Training.ClipGrad > 0 ? settings.Training.ClipGrad : double.PositiveInfinity);
        optimizer.Step();
        NativeHeap.CollectStepGarbage();
        return new FinetuneStepResult(loss, gradNorm, correct, images);
    }

    private Tensor Loss(Tensor images, Tensor labels, long step, long stream, out Tensor logits)
    {
        if (!settings.Mixup.Enabled)
        {
            logits = model.call(images);
            return nn.functional.cross_entropy(logits, labels, label_smoothing: settings.LabelSmoothing);
        }
        var (mixed, targets) = settings.Mixup.Apply(images, labels, model.Classes, settings.Training.Seed, step, stream);
        logits = model.call(mixed);
        return (-targets * nn.functional.log_softmax(logits, 1)).sum(1).mean();
    }
}
