using Moby.Config;

namespace Moby;

/// <summary>
/// A fine-tuning recipe in typed form: a backbone from a checkpoint (or a random one) and a new linear head, trained end
/// to end on labelled images. Unset (null) values take those of <see cref="RecipeFile"/> when given (e.g.
/// <c>configs/finetune_swin_fmnist.yaml</c>), else the defaults of docs/configuration.md (the supervised Swin recipe,
/// sized for ImageNet: a small run wants at least <see cref="Epochs"/> and <see cref="WarmupEpochs"/>).
/// </summary>
public sealed record FinetuningSettings
{
    /// <summary>The checkpoint to start from: a Moby.NET or official MoBY checkpoint, a timm / Swin state_dict or safetensors.
    /// Null only with <see cref="FromScratch"/> and a <see cref="Model"/>.</summary>
    public string? Weights { get; init; }

    /// <summary>The architecture: a preset name or a YAML config; null takes the one stored with <see cref="Weights"/>.</summary>
    public string? Model { get; init; }

    /// <summary>The labelled images, e.g. <c>imagefolder:/path</c> (one folder per class), <c>fashion-mnist</c>, <c>cifar10:/path</c>.</summary>
    public required string Data { get; init; }

    /// <summary>A fine-tuning YAML recipe whose values the unset settings take; null: the defaults.</summary>
    public string? RecipeFile { get; init; }

    /// <summary>The labelled train images: <c>all</c>, a percentage of each class such as <c>1%</c> or <c>10%</c>, or <c>N-per-class</c>.</summary>
    public string? Labels { get; init; }

    /// <summary>Start from a random initialisation of the same architecture instead of the weights (the baseline).</summary>
    public bool FromScratch { get; init; }

    /// <summary>Epochs: the length of the learning-rate schedule.</summary>
    public int? Epochs { get; init; }

    /// <summary>Epochs of linear learning-rate warmup.</summary>
    public int? WarmupEpochs { get; init; }

    /// <summary>Images per batch.</summary>
    public int? BatchSize { get; init; }

    /// <summary>AdamW learning rate of the head for a batch of 512 (scaled linearly with the batch size).</summary>
    public double? BaseLearningRate { get; init; }

    /// <summary>Layer-wise learning-rate decay: block i of L trains at lr x decay^(L + 1 - i); 1 = off.</summary>
    public double? LayerDecay { get; init; }

    /// <summary>AdamW weight decay (norms, biases and position tables have none).</summary>
    public double? WeightDecay { get; init; }

    /// <summary>Train images kept out of training for the held-out accuracy of each epoch (0 = none).</summary>
    public int? HeldOut { get; init; }

    /// <summary>Seed of the head's initialisation, the data order and the augmentations (the labelled subset has its own, fixed seed).</summary>
    public int? Seed { get; init; }

    /// <summary>Data loader threads; null or 0: one per core.</summary>
    public int? Workers { get; init; }

    /// <summary>Stop (and, with an <see cref="OutputDirectory"/>, checkpoint) after this many minutes; null or 0: no limit.</summary>
    public double? MaxMinutes { get; init; }

    /// <summary>Shorten the schedule so that it ends within <see cref="MaxMinutes"/> instead of stopping part of the way (MOBYNET.FIT_TO_BUDGET).</summary>
    public bool? FitScheduleToBudget { get; init; }

    /// <summary>
    /// Null (the default): write no files. Otherwise the run writes what <c>moby finetune</c> writes (config.yaml,
    /// metrics.jsonl, plots, checkpoints, test.json) under <c>OutputDirectory/MODEL.NAME/LABELS</c> (MODEL.NAME: the recipe's,
    /// else <c>finetune</c>; LABELS e.g. <c>10pct</c>, <c>all-scratch</c>), and resumes from a checkpoint it finds there.
    /// </summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Any other configuration key, as <c>KEY=VALUE</c> (e.g. <c>AUG.MIXUP=0.8</c>), applied last.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>The configuration tree of this recipe, checked by the same rules as a YAML file's.</summary>
    internal ConfigTree ToConfig()
    {
        var options = new List<string> { ConfigTree.TextOption("MOBYNET.DATA", Data), $"FINETUNE.FROM_SCRATCH={(FromScratch ? "true" : "false")}" };
        if (Labels is not null) options.Add(ConfigTree.TextOption("FINETUNE.LABELS", Labels));
        if (RecipeFile is null) options.Add("MODEL.NAME=finetune"); // the run folder's name, not the defaults' Swin-T
        foreach (var (key, value) in new (string, double?)[]
                 {
                     ("TRAIN.EPOCHS", Epochs), ("TRAIN.WARMUP_EPOCHS", WarmupEpochs), ("DATA.BATCH_SIZE", BatchSize), ("TRAIN.BASE_LR", BaseLearningRate),
                     ("FINETUNE.LAYER_DECAY", LayerDecay), ("TRAIN.WEIGHT_DECAY", WeightDecay), ("FINETUNE.HELD_OUT", HeldOut), ("SEED", Seed),
                     ("MOBYNET.WORKERS", Workers), ("MOBYNET.MAX_MINUTES", MaxMinutes),
                 })
            PretrainingSettings.Add(options, key, value);
        PretrainingSettings.AddFlag(options, "MOBYNET.FIT_TO_BUDGET", FitScheduleToBudget);
        if (OutputDirectory is not null) options.Add(ConfigTree.TextOption("OUTPUT", OutputDirectory));
        return ConfigTree.Load(RecipeFile, options.Concat(Options));
    }
}
