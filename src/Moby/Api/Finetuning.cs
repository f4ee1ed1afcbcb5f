using Moby.Config;
using Moby.Runs;
using Moby.Training;

namespace Moby;

/// <summary>Fine-tuning: a backbone (pre-trained with MoBY, or any checkpoint we read) and a new linear head trained end to end on labelled images.</summary>
public static class Finetuning
{
    /// <summary>
    /// Fine-tunes a classifier on a worker thread, with the layer-wise learning-rate decay, label fractions and schedule of
    /// <paramref name="settings"/>; the test split is scored once at the end. Writes no files unless
    /// <see cref="FinetuningSettings.OutputDirectory"/> is set.
    /// </summary>
    /// <param name="settings">The recipe.</param>
    /// <param name="progress">Receives a report after every optimizer step.</param>
    /// <param name="cancellationToken">Stops the run after the current step; the result then holds the classifier trained so far.</param>
    /// <exception cref="ConfigException">A setting is out of range (thrown before the task starts), or the architecture cannot be known.</exception>
    /// <exception cref="Moby.Interop.CheckpointFormatException">The weights file is not a checkpoint we read, or is damaged.</exception>
    /// <exception cref="Moby.Data.DataException">The data cannot be read, has no labels, or the labels ask for more images than a class has.</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    public static Task<FinetuningResult> RunAsync(FinetuningSettings settings, IProgress<FinetuningProgress>? progress = null,
                                                  CancellationToken cancellationToken = default)
    {
        var config = settings.ToConfig();
        var observer = new ProgressObserver(new Converted(progress));
        return Task.Run(() =>
        {
            var run = FinetuneRun.Execute(config, new FinetuneRun.Start(settings.Weights, settings.Model), observer, stop: cancellationToken,
                                          writeFiles: settings.OutputDirectory is not null);
            var outcome = run.Outcome switch
            {
                RunOutcome.Finished => FinetuningOutcome.Finished,
                RunOutcome.TimeBudgetReached => FinetuningOutcome.TimeBudgetReached,
                _ => FinetuningOutcome.Cancelled,
            };
            return new FinetuningResult(outcome, new ImageClassifier(run.Model, run.Info), run.CheckpointPath, run.Test?.Top1, run.Test?.Top5, observer.Messages);
        }, cancellationToken);
    }

    /// <summary>The shared progress observer's reports, as fine-tuning progress.</summary>
    private sealed class Converted(IProgress<FinetuningProgress>? target) : IProgress<PretrainingProgress>
    {
        public void Report(PretrainingProgress p) =>
            target?.Report(new FinetuningProgress(p.Epoch, p.Epochs, p.Step, p.TotalSteps, p.Loss, p.LearningRate, p.ImagesPerSecond));
    }
}
