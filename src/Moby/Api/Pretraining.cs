using Moby.Config;
using Moby.Config.Memory;
using Moby.Nn;
using Moby.Runs;
using Moby.Ssl;
using Moby.Training;
using static TorchSharp.torch;

namespace Moby;

/// <summary>MoBY self-supervised pre-training from typed settings.</summary>
public static class Pretraining
{
    /// <summary>
    /// Pre-trains a backbone with MoBY on unlabeled images, on a worker thread. Writes no files unless
    /// <see cref="PretrainingSettings.OutputDirectory"/> is set.
    /// </summary>
    /// <param name="settings">The recipe.</param>
    /// <param name="progress">Receives a report after every optimizer step (on the thread pool, or on the
    /// synchronization context where it was created, as <see cref="Progress{T}"/> does).</param>
    /// <param name="cancellationToken">Stops the run after the current step; the result then holds the backbone trained so far.</param>
    /// <returns>The trained backbone and how the run ended.</returns>
    /// <exception cref="ConfigException">A setting is out of range (thrown before the task starts).</exception>
    /// <exception cref="ArgumentException">The model is not a preset.</exception>
    /// <exception cref="Moby.Data.DataException">The data cannot be read.</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    public static Task<PretrainingResult> RunAsync(PretrainingSettings settings, IProgress<PretrainingProgress>? progress = null,
                                                   CancellationToken cancellationToken = default)
    {
        var config = settings.ToConfig();
        RunMemory.Check(config, EncoderRuns.Pretraining());
        return Task.Run(() => Run(config, settings.OutputDirectory is not null, settings.Plots, new ProgressObserver(progress), cancellationToken), cancellationToken);
    }

    private static PretrainingResult Run(ConfigTree config, bool writeFiles, IPlotRenderer? plots, ProgressObserver observer, CancellationToken stop)
    {
        if (writeFiles)
        {
            var outcome = PretrainRun.Execute(config, observer, stop: stop, plots: plots);
            string checkpoint = Path.Combine(PretrainRun.OutputDirectory(config), PretrainCheckpoint.Latest);
            return Result(outcome, MobyBackbone.Load(checkpoint), observer, checkpoint);
        }
        var settings = TrainingRecipe.From(config);
        var device = ComputeDevice.Parse(settings.Device);
        using var precision = Precision.Use(RunPrecision.Choose(config.String("MOBYNET.PRECISION"), device, resumed: null, observer.Message));
        manual_seed(settings.Seed);
        using var model = new MoBY(ModelConfigs.MoBY(config), device);
        var source = TrainingData.Open(config, settings, warn: observer.Message, device: device);
        using var trainer = new Pretrainer(model, settings, source, checkpoints: null, observer);
        var ended = trainer.Run(stop);
        return Result(ended, Detach(model.Encoder, config), observer, checkpoint: null);
    }

    /// <summary>A copy of the online encoder that outlives the MoBY model around it.</summary>
    private static MobyBackbone Detach(Backbones.Backbone encoder, ConfigTree config)
    {
        var copy = encoder.Architecture.Create();
        copy.load_state_dict(encoder.state_dict());
        return new MobyBackbone(copy, config.Double("MOBYNET.EVAL_CROP_RATIO"));
    }

    private static PretrainingResult Result(RunOutcome outcome, MobyBackbone backbone, ProgressObserver observer, string? checkpoint) => new(
        outcome switch
        {
            RunOutcome.Finished => PretrainingOutcome.Finished,
            RunOutcome.TimeBudgetReached => PretrainingOutcome.TimeBudgetReached,
            _ => PretrainingOutcome.Cancelled,
        },
        backbone, observer.Steps, observer.LastLoss, checkpoint, observer.Messages);
}
