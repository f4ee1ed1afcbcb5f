namespace Moby.Config.Memory;

/// <summary>What a run does with the model a configuration describes: it decides what must be in memory at once.</summary>
internal enum RunUse
{
    /// <summary>The encoder alone on one image, without gradients (evaluate, knn, linear, features, predict, a checkpoint's stored configuration).</summary>
    Encoder,
    /// <summary>The encoder on one batch of DATA.BATCH_SIZE images without gradients (bench infer).</summary>
    Features,
    /// <summary>MoBY training: both branches, the queues, two views of one batch of DATA.BATCH_SIZE.</summary>
    Pretraining,
    /// <summary>A classifier trained on one batch of DATA.BATCH_SIZE.</summary>
    Finetuning,
    /// <summary>UPerNet trained on one batch of MOBYNET.SEG.BATCH_SIZE crops.</summary>
    SegmentationTraining,
    /// <summary>UPerNet on one test image (MOBYNET.SEG.TEST_*).</summary>
    SegmentationInference,
    /// <summary>Mask R-CNN trained on one batch of MOBYNET.DET.BATCH_SIZE images.</summary>
    DetectionTraining,
    /// <summary>Mask R-CNN on one test image (MOBYNET.DET.TEST_SCALE).</summary>
    DetectionInference,
}
