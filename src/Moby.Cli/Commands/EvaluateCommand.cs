using System.ComponentModel;
using Moby.Backbones;
using Moby.Cli.Display;
using Moby.Evaluation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

/// <summary>kNN and fast linear evaluation of a backbone, with the random-init and raw-pixel baselines (moby evaluate / knn / linear).</summary>
public class EvaluateCommand : Command<EvaluateCommand.Settings>
{
    public class Settings : CommonSettings
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
        [DefaultValue(20)]
        public int K { get; init; } = 20;

        [CommandOption("--temperature <T>")]
        [DefaultValue(0.07)]
        public double Temperature { get; init; } = 0.07;

        [CommandOption("--linear-epochs <N>")]
        [Description("Epochs of each fast linear probe fit.")]
        [DefaultValue(60)]
        public int LinearEpochs { get; init; } = 60;

        [CommandOption("--crop-ratio <R>")]
        [Description("Eval transform: resize the shorter side to size / R, centre crop (default: the checkpoint's MOBYNET.EVAL_CROP_RATIO, else 0.875).")]
        public double? CropRatio { get; init; }

        [CommandOption("--holdout <FRACTION>")]
        [Description("Tune honestly: score on this fraction of the train split (e.g. 0.1) and fit on the rest; the test split is not read. Default 0: score on the test split.")]
        [DefaultValue(0.0)]
        public double HoldOut { get; init; }

        [CommandOption("--no-baselines")]
        [Description("Skip the random-init and raw-pixel baselines.")]
        public bool NoBaselines { get; init; }

        public override ValidationResult Validate() =>
            Weights.Length == 0 ? ValidationResult.Error("--weights is required.")
            : HoldOut is < 0 or >= 1 ? ValidationResult.Error("--holdout must be a fraction in [0, 1).")
            : ValidationResult.Success();
    }

    protected virtual EvaluationOptions Options(Settings s) =>
        new() { K = s.K, Temperature = s.Temperature, LinearEpochs = s.LinearEpochs, HoldOut = s.HoldOut };

    protected virtual bool Baselines(Settings s) => !s.NoBaselines;

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellation)
    {
        s.Apply();
        var results = Evaluate(s.Weights, s.Model, s.Data, s.CropRatio, s.Output ?? DefaultOutput(s.Weights),
                               Options(s), Baselines(s));
        AnsiConsole.Write(ResultsTable.Build(results));
        return 0;
    }

    /// <summary>Where results go unless told: an 'eval' folder beside the weights.</summary>
    public static string DefaultOutput(string weights) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(weights))!, "eval");

    /// <summary>Evaluates the checkpoint's backbone (and, when asked, the same architecture at random initialisation and raw pixels).</summary>
    public static IReadOnlyList<MethodResult> Evaluate(string weights, string? model, string? data, double? cropRatio, string output,
                                                      EvaluationOptions options, bool baselines)
    {
        using var target = EvaluationTarget.Open(weights, model, data, cropRatio);
        var methods = new List<Method> { new("MoBY", target.Backbone) };
        Backbone? random = null;
        if (baselines)
        {
            TorchSharp.torch.manual_seed(options.Seed);
            random = target.Backbone.Architecture.Create();
            methods.Add(new Method("random init", random));
            methods.Add(new Method("raw pixels", null));
        }
        try
        {
            return EvaluationSuite.Run(methods, target.Source, target.Transform, options, output,
                                       ConsoleProgress.Log);
        }
        finally
        {
            random?.Dispose();
        }
    }
}

public sealed class KnnCommand : EvaluateCommand
{
    protected override EvaluationOptions Options(Settings s) => base.Options(s) with { Linear = false };
    protected override bool Baselines(Settings s) => false;
}

