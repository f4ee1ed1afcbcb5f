using System.ComponentModel;
using Moby.Reporting;
using Moby.Runs;
using Moby.Segmentation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

public sealed class SegmentTrainCommand : Command<SegmentTrainCommand.Settings>
{
    public sealed class Settings : TransferTrainingSettings
    {
        protected override string DefaultConfig => "configs/upernet_swin_fmnist_scenes.yaml";

        protected override string DataKey => "MOBYNET.SEG.DATA";

        protected override string BatchSizeKey => "MOBYNET.SEG.BATCH_SIZE";

        [CommandOption("--iters <N>")]
        [Description("MOBYNET.SEG.ITERS.")]
        public int? Iters { get; init; }

        public override ValidationResult Validate() => OptionRanges.Check(("--iters", Iters, OptionRanges.Of("MOBYNET.SEG.ITERS"))) ?? base.Validate();

        protected override IEnumerable<string> Overrides() => Iters is null ? [] : [$"MOBYNET.SEG.ITERS={Iters}"];
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        settings.Apply();
        var tree = settings.Tree();
        SegmentationScores? scores = null;
        int code = TrainingSession.Run(settings, PretrainRun.PrintFrequency(tree), () => SegmentationRun.OutputDirectory(tree), (observer, stop, world) =>
        {
            var result = SegmentationRun.Train(tree, settings.Weights, settings.FromScratch, observer, settings.Resume, stop,
                                               world.Rank == 0 ? new PngPlots() : null, settings.TensorBoardFolder, world);
            scores = result.Scores;
            return result.Outcome;
        }, cancellation);
        if (scores is not null) SegmentEvalCommand.Render(scores); // after the live display, which a table would garble
        return code;
    }
}
