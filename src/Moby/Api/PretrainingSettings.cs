using System.Globalization;
using Moby.Backbones;
using Moby.Config;

namespace Moby;

/// <summary>
/// A MoBY pre-training recipe in typed form, no YAML needed. Unset (null) values take the defaults of the official
/// MoBY configuration (docs/configuration.md), which are sized for ImageNet: a small run wants at least
/// <see cref="Epochs"/>, <see cref="WarmupEpochs"/>, <see cref="QueueSize"/> and <see cref="ProjectorHiddenSize"/>.
/// </summary>
public sealed record PretrainingSettings
{
    /// <summary>The backbone: a preset name (see <see cref="MobyBackbone.Presets"/>), e.g. <c>swin_micro_patch4_window8_32</c>.</summary>
    public required string Model { get; init; }

    /// <summary>
    /// The images: <c>folder:/path</c> (unlabeled, any layout), <c>imagefolder:/path</c>, <c>cifar10:/path</c>,
    /// <c>stl10:/path</c>, <c>mnist:/path</c>, <c>fashion-mnist</c>, or <c>synthetic:N</c> (N random images, for trying things out).
    /// </summary>
    public required string Data { get; init; }

    /// <summary>Input size in pixels; null takes the preset's.</summary>
    public int? ImageSize { get; init; }

    /// <summary>Input channels (1 for grayscale data sets such as Fashion-MNIST); null: 3.</summary>
    public int? Channels { get; init; }

    /// <summary>Epochs: the length of the learning-rate and momentum schedules.</summary>
    public int? Epochs { get; init; }

    /// <summary>Epochs of linear learning-rate warmup.</summary>
    public int? WarmupEpochs { get; init; }

    /// <summary>Images per batch (two views each).</summary>
    public int? BatchSize { get; init; }

    /// <summary>AdamW learning rate for a batch of 512 (scaled linearly with the batch size, as officially).</summary>
    public double? BaseLearningRate { get; init; }

    /// <summary>AdamW weight decay.</summary>
    public double? WeightDecay { get; init; }

    /// <summary>Negative keys in each of MoBY's two queues.</summary>
    public int? QueueSize { get; init; }

    /// <summary>Hidden width of the projector and predictor.</summary>
    public int? ProjectorHiddenSize { get; init; }

    /// <summary>Seed of the initialisation, the data order and the augmentations: the same settings give the same run.</summary>
    public int? Seed { get; init; }

    /// <summary>Data loader threads; null or 0: one per core.</summary>
    public int? Workers { get; init; }

    /// <summary>Stop (and, with an <see cref="OutputDirectory"/>, checkpoint) after this many minutes; null or 0: no limit.</summary>
    public double? MaxMinutes { get; init; }

    /// <summary>Shorten the schedule so that it ends within <see cref="MaxMinutes"/> instead of stopping part of the way (MOBYNET.FIT_TO_BUDGET).</summary>
    public bool? FitScheduleToBudget { get; init; }

    /// <summary>
    /// Null (the default): write no files. Otherwise the run writes, under <c>OutputDirectory/Model/default</c>, what
    /// <c>moby pretrain</c> writes (config.yaml, metrics.jsonl, checkpoints, and plots given <see cref="Plots"/>), and resumes
    /// from a checkpoint it finds there.
    /// </summary>
    public string? OutputDirectory { get; init; }

    /// <summary>
    /// With an <see cref="OutputDirectory"/>: draws the run's plots (loss.png, lr.png, ...) beside metrics.jsonl, e.g.
    /// <c>new Moby.Reporting.PngPlots()</c> of the Moby.NET.Reporting package. Null (the default): no plots.
    /// </summary>
    public Runs.IPlotRenderer? Plots { get; init; }

    /// <summary>Any other configuration key, as <c>KEY=VALUE</c> (e.g. <c>AUG.SSL_AUG_CROP=0.6</c>), applied last.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>The configuration tree of this recipe, checked by the same rules as a YAML file's.</summary>
    internal ConfigTree ToConfig()
    {
        var preset = BackboneRegistry.Get(Model);
        var options = new List<string>
        {
            "MODEL.TYPE=moby", $"MOBYNET.MODEL_PRESET={Model}", ConfigTree.TextOption("MODEL.NAME", Model), ConfigTree.TextOption("MOBYNET.DATA", Data),
            Option("DATA.IMG_SIZE", ImageSize ?? preset.ImgSize),
            // The online kNN monitor needs labels and a bank of thousands of images; evaluate afterwards instead.
            "MOBYNET.KNN_EVERY=0",
        };
        if (Channels is int channels) options.AddRange([Option("MODEL.SWIN.IN_CHANS", channels), Option("MOBYNET.VIT.IN_CHANS", channels)]);
        Add(options, "TRAIN.EPOCHS", Epochs);
        Add(options, "TRAIN.WARMUP_EPOCHS", WarmupEpochs);
        Add(options, "DATA.BATCH_SIZE", BatchSize);
        Add(options, "TRAIN.BASE_LR", BaseLearningRate);
        Add(options, "TRAIN.WEIGHT_DECAY", WeightDecay);
        Add(options, "MODEL.MOBY.CONTRAST_NUM_NEGATIVE", QueueSize);
        Add(options, "MOBYNET.MOBY.INNER_DIM", ProjectorHiddenSize);
        Add(options, "SEED", Seed);
        Add(options, "MOBYNET.WORKERS", Workers);
        Add(options, "MOBYNET.MAX_MINUTES", MaxMinutes);
        AddFlag(options, "MOBYNET.FIT_TO_BUDGET", FitScheduleToBudget);
        if (OutputDirectory is not null) options.Add(ConfigTree.TextOption("OUTPUT", OutputDirectory));
        return ConfigTree.Load(null, options.Concat(Options));
    }

    /// <summary>KEY=VALUE for a setting that is set (also for <see cref="FinetuningSettings"/>).</summary>
    internal static void Add<T>(List<string> options, string key, T? value) where T : struct, IFormattable
    {
        if (value is T v) options.Add(Option(key, v));
    }

    internal static void AddFlag(List<string> options, string key, bool? value)
    {
        if (value is bool v) options.Add($"{key}={(v ? "true" : "false")}");
    }

    private static string Option<T>(string key, T value) where T : IFormattable => $"{key}={value.ToString(null, CultureInfo.InvariantCulture)}";
}
