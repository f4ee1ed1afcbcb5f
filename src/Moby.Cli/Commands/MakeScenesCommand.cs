using System.ComponentModel;
using Moby.Config;
using Moby.Data;
using Moby.Data.Segmentation;
using Moby.Interop;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

public sealed class MakeScenesCommand : Command<MakeScenesCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandOption("-o|--output <DIR>")]
        [Description("Folder to write (ADE20K layout, classes.txt, instances_{training,validation}.json, statistics.json).")]
        public string Output { get; init; } = "";

        [CommandOption("--size <PX>")]
        [Description("Canvas side in pixels (16 to 1024).")]
        [DefaultValue(64)]
        public int Size { get; init; } = 64;

        [CommandOption("--train <N>")]
        [Description("Training scenes (garments from Fashion-MNIST's train split).")]
        [DefaultValue(2000)]
        public int Train { get; init; } = 2000;

        [CommandOption("--val <N>")]
        [Description("Validation scenes (garments from Fashion-MNIST's test split).")]
        [DefaultValue(500)]
        public int Val { get; init; } = 500;

        [CommandOption("--seed <S>")]
        [Description("Seed: the same seed writes the same files.")]
        public long Seed { get; init; }

        [CommandOption("--fashion-mnist <DIR>")]
        [Description("The Fashion-MNIST folder (IDX files).")]
        public string FashionMnist { get; init; } = DataSource.FashionMnistDefaultPath;

        public override ValidationResult Validate() =>
            Output.Length == 0 ? ValidationResult.Error("--output is required.")
            : OptionRanges.Check(("--size", Size, new ValueRange(16, 1024)), ("--train", Train, new ValueRange(0, 1_000_000)),
                                 ("--val", Val, new ValueRange(0, 1_000_000))) ?? base.Validate();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        settings.Apply();
        var options = new SceneOptions { Size = settings.Size, Train = settings.Train, Val = settings.Val, Seed = settings.Seed };
        foreach (var split in FashionScenes.Write(settings.FashionMnist, settings.Output, options))
            AnsiConsole.MarkupLineInterpolated(
                $"{split.Split}: {split.Scenes} scenes, {split.KeptInstances} instances in the COCO file ({split.DroppedInstances} dropped as mostly covered)");
        AnsiConsole.MarkupLineInterpolated($"[green]Done.[/] Scenes in {ShownNames.Path(settings.Output)} (read them as ade20k:{ShownNames.Path(settings.Output)}).");
        return 0;
    }
}
