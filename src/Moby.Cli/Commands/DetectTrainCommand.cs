using System.ComponentModel;
using Moby.Detection;
using Moby.Reporting;
using Moby.Runs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

public sealed class DetectTrainCommand : Command<DetectTrainCommand.Settings>
{
    public sealed class Settings : TransferTrainingSettings
    {
        protected override string DefaultConfig => "configs/mask_rcnn_swin_fmnist_scenes.yaml";

        protected override string DataKey => "MOBYNET.DET.DATA";

        protected override string BatchSizeKey => "MOBYNET.DET.BATCH_SIZE";

        [CommandOption("--epochs <N>")]
        [Description("MOBYNET.DET.EPOCHS (the learning-rate steps stay at MOBYNET.DET.STEPS).")]
        public int? Epochs { get; init; }

        public override ValidationResult Validate() => OptionRanges.Check(("--epochs", Epochs, OptionRanges.Of("MOBYNET.DET.EPOCHS"))) ?? base.Validate();

        protected override IEnumerable<string> Overrides() => Epochs is null ? [] : [$"MOBYNET.DET.EPOCHS={Epochs}"];
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        settings.Apply();
        var tree = settings.Tree();
        DetectionScores? scores = null;
        int code = TrainingSession.Run(settings, PretrainRun.PrintFrequency(tree), () => DetectionRun.OutputDirectory(tree), (observer, stop, world) =>
        {
            var result = DetectionRun.Train(tree, settings.Weights, settings.FromScratch, observer, settings.Resume, stop,
                                            world.Rank == 0 ? new PngPlots() : null, settings.TensorBoardFolder, world);
            scores = result.Scores;
            return result.Outcome;
        }, cancellation);
        if (scores is not null) DetectEvalCommand.Render(scores); // after the live display, which a table would garble
        return code;
    }
}
