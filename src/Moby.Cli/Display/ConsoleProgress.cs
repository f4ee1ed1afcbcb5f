using Moby.Interop;
using Moby.Training;
using Spectre.Console;

namespace Moby.Cli.Display;

/// <summary>
/// The live pre-training display: a progress bar over the run's iterations with epoch, images/s, ETA, loss, lr
/// and momentum; or, with --quiet, a plain log line every PRINT_FREQ iterations.
/// </summary>
public sealed class ConsoleProgress(bool quiet, int printFreq) : IPretrainObserver
{
    private ProgressTask? task;
    private RunInfo? info;

    /// <summary>Runs <paramref name="body"/> inside the live display (or plainly when quiet or not a terminal).</summary>
    public T Show<T>(Func<T> body)
    {
        if (quiet || !AnsiConsole.Profile.Capabilities.Interactive) return body();
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                task = context.AddTask("starting", autoStart: true, maxValue: 1);
                result = body();
            });
        return result;
    }

    public void Started(RunInfo run)
    {
        info = run;
        Log($"Training {run.Parameters:N0} parameters, global batch {run.GlobalBatch}, {run.Epochs} epochs x {run.StepsPerEpoch} steps, output {ShownNames.Path(run.OutputDir)}");
        if (task != null)
        {
            task.MaxValue = run.TotalSteps;
            task.Value = run.Start.Step;
        }
    }

    public void Rescheduled(RunInfo run)
    {
        info = run;
        if (task != null) task.MaxValue = run.TotalSteps;
    }

    public void Iteration(IterationMetrics m)
    {
        if (task != null)
        {
            task.Value = m.Position.Step + 1;
            task.Description = Markup.Escape($"epoch {m.Position.Epoch + 1}/{info?.Epochs} it {m.Position.Batch + 1}/{info?.StepsPerEpoch} " +
                                             $"loss {m.Loss:F3} lr {m.Lr:E2}{m.Momentum?.ToString("' m '0.0000")} {m.ImagesPerSecond:F1} img/s");
        }
        else if (printFreq > 0 && (m.Position.Batch + 1) % printFreq == 0)
            Log($"epoch {m.Position.Epoch + 1} it {m.Position.Batch + 1}/{info?.StepsPerEpoch} loss {m.Loss:F4} lr {m.Lr:E3}" +
                $"{m.Momentum?.ToString("' momentum '0.00000")} grad_norm {m.GradNorm:F3}{m.CollapseStd?.ToString("' collapse_std '0.0000")} {m.ImagesPerSecond:F1} img/s");
    }

    public void EpochEnded(EpochMetrics m) =>
        Log($"epoch {m.Epoch + 1} done: mean loss {m.MeanLoss:F4}, grad norm {m.MeanGradNorm:F3}, {m.ImagesPerSecond:F1} img/s, {m.Elapsed:hh\\:mm\\:ss}");

    public void CheckpointSaved(string path) => Log($"checkpoint: {ShownNames.Path(path)}");

    public void Message(string text) => Log(text);

    /// <summary>A grey-timestamped line, as every long-running command logs (escaped and bounded, <see cref="ShownNames.Line"/>).</summary>
    public static void Log(string text) => AnsiConsole.MarkupLineInterpolated($"[grey]{DateTime.Now:HH:mm:ss}[/] {ShownNames.Line(text)}");
}
