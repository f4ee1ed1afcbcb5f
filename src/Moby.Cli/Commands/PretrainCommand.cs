using Moby.Reporting;
using Moby.Runs;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

public sealed class PretrainCommand : Command<PretrainCommand.Settings>
{
    public sealed class Settings : EpochTrainingSettings
    {
        protected override string DefaultConfig => "configs/moby_swin_fmnist.yaml";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        settings.Apply();
        var tree = settings.Tree();
        return TrainingSession.Run(settings, PretrainRun.PrintFrequency(tree), () => PretrainRun.OutputDirectory(tree),
                                   (observer, stop, world) => PretrainRun.Execute(tree, observer, settings.Resume, stop, world,
                                                                                   world.Rank == 0 ? new PngPlots() : null, settings.TensorBoardFolder),
                                   cancellation);
    }
}
