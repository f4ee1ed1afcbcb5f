using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

/// <summary>Options every command takes.</summary>
public class CommonSettings : CommandSettings
{
    [CommandOption("-v|--verbose")]
    [Description("Show stack traces on errors.")]
    public bool Verbose { get; init; }

    [CommandOption("--threads <N>")]
    [Description("libtorch intra-op threads (default: all cores).")]
    public int Threads { get; init; }

    public override ValidationResult Validate() =>
        OptionRanges.Check(("--threads", Threads, OptionRanges.Of("MOBYNET.THREADS"))) ?? ValidationResult.Success();

    /// <summary>Applies the shared options; every command calls it first.</summary>
    public void Apply()
    {
        CliErrors.Verbose = Verbose;
        if (Threads > 0) TorchSharp.torch.set_num_threads(Threads);
    }
}
