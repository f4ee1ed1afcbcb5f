using Moby.Data;
using Moby.Training;

namespace Moby.Finetune;

/// <summary>
/// The fine-tuning recipe: the optimisation shared with pre-training (<see cref="TrainingSettings"/>: AdamW, warmup +
/// cosine per iteration, batch, clipping, checkpoints, time budget) and what is fine-tuning's own. Built from a
/// configuration by the run layer.
/// </summary>
internal sealed record FinetuneSettings
{
    public required TrainingSettings Training { get; init; }

    /// <summary>Layer-wise learning-rate decay (<see cref="LayerDecay"/>); 1 = the same rate everywhere.</summary>
    public required double LayerDecay { get; init; }

    public required double DropPath { get; init; }

    public required double LabelSmoothing { get; init; }

    public required Mixup Mixup { get; init; }

    /// <summary>Random resized crop scale range and horizontal flip probability of the training images.</summary>
    public required double CropScaleMin { get; init; }

    public required double CropScaleMax { get; init; }

    public required double FlipP { get; init; }

    public required LabelFraction Labels { get; init; }

    /// <summary>Train images set aside for the held-out accuracy (0 = none).</summary>
    public required int HeldOut { get; init; }

    /// <summary>Measure the held-out accuracy every this many epochs (and after the last).</summary>
    public required int HeldOutEvery { get; init; }

    /// <summary>Seed of the held-out set and the labelled subsets, apart from the run's seed.</summary>
    public required int LabelSeed { get; init; }

    /// <summary>Start from a random initialisation of the architecture rather than the weights.</summary>
    public required bool FromScratch { get; init; }
}
