using System.ComponentModel;
using Moby.Config;
using Moby.Data;
using Moby.Evaluation;
using Moby.Interop;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

/// <summary>The options of evaluate, knn and linear: the checkpoint, the data, the eval transform and the measurements.</summary>
public class EvaluationCommandSettings : RunSettings
{
    [CommandOption("-w|--weights <FILE>")]
    [Description("Checkpoint with the backbone (MoBY .pth, timm/Swin state_dict, safetensors).")]
    public string Weights { get; init; } = "";

    [CommandOption("-m|--model <PRESET_OR_YAML>")]
    [Description("Architecture (default: the config stored in the checkpoint).")]
    public string? Model { get; init; }

    [CommandOption("--data <SOURCE>")]
    [Description("Labelled data source with train and test splits (default: the checkpoint config's MOBYNET.DATA, else fashion-mnist).")]
    public string? Data { get; init; }

    [CommandOption("-o|--output <DIR>")]
    [Description("Folder for metrics.json and the plots (default: an 'eval' folder beside the weights).")]
    public string? Output { get; init; }

    [CommandOption("-k|--neighbours <K>")]
    [DefaultValue(EvaluationOptions.DefaultK)]
    public int K { get; init; } = EvaluationOptions.DefaultK;

    [CommandOption("--temperature <T>")]
    [DefaultValue(EvaluationOptions.DefaultTemperature)]
    public double Temperature { get; init; } = EvaluationOptions.DefaultTemperature;

    [CommandOption("--linear-epochs <N>")]
    [Description("Epochs of each fast linear probe fit.")]
    [DefaultValue(EvaluationOptions.DefaultLinearEpochs)]
    public int LinearEpochs { get; init; } = EvaluationOptions.DefaultLinearEpochs;

    [CommandOption("--crop-ratio <R>")]
    [Description("Eval transform: resize the shorter side to size / R, centre crop (default: the checkpoint's MOBYNET.EVAL_CROP_RATIO, else 0.875).")]
    public double? CropRatio { get; init; }

    [CommandOption("--holdout <FRACTION>")]
    [Description("Tune honestly: score on this fraction of the train split (e.g. 0.1) and fit on the rest; the test split is not read. Default 0: score on the test split.")]
    [DefaultValue(0.0)]
    public double HoldOut { get; init; }

    [CommandOption("--device <DEVICE>")]
    [Description("Where the backbones extract features: cpu, cuda or cuda:N (a GPU needs a build with -p:TorchBackend=cuda).")]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    [CommandOption("--labels <L>")]
    [Description("Fit on the labelled subset that moby finetune --labels L trains on (1%, 10%, N-per-class, all; outside its held-out images). Default: the whole train split.")]
    public string? Labels { get; init; }

    [CommandOption("--no-baselines")]
    [Description("Skip the random-init and raw-pixel baselines.")]
    public bool NoBaselines { get; init; }

    public override ValidationResult Validate() =>
        Weights.Length == 0 ? ValidationResult.Error("--weights is required.")
        : Labels is not null && !LabelFraction.TryParse(Labels, out _) ? ValidationResult.Error($"--labels must be {LabelFraction.Expected}; got '{ShownNames.One(Labels)}'.")
        : OptionRanges.Check(("--neighbours", K, ValueRange.Between(1, 100_000)), ("--temperature", Temperature, new(0, 100, MinOpen: true)),
                             ("--linear-epochs", LinearEpochs, OptionRanges.Of("TRAIN.EPOCHS")), ("--crop-ratio", CropRatio, OptionRanges.Of("MOBYNET.EVAL_CROP_RATIO")),
                             ("--holdout", HoldOut, ValueRange.Fraction))
          ?? base.Validate();

    /// <summary>What the evaluation measures, from these options.</summary>
    public EvaluationOptions Options() => new()
    {
        K = K, Temperature = Temperature, LinearEpochs = LinearEpochs, HoldOut = HoldOut, Device = Device, Labels = LabelSelection(),
    };

    /// <summary>The images of <c>moby finetune --labels</c>: its held-out set and label seed are the defaults' (FINETUNE.HELD_OUT, FINETUNE.LABEL_SEED).</summary>
    internal LabelSelection? LabelSelection()
    {
        if (Labels is null) return null;
        var defaults = ConfigTree.Defaults();
        return new LabelSelection(LabelFraction.Parse(Labels), defaults.Int("FINETUNE.HELD_OUT"), defaults.Int("FINETUNE.LABEL_SEED"));
    }
}
