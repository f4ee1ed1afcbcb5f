using System.Globalization;
using Moby.Interop;
using Moby.Ssl;

namespace Moby.Training;

/// <summary>
/// What to tell a user whose loss became NaN or infinite: which checkpoint (if any) survives, and which of the
/// settings that usually cause divergence look suspicious, with their values, so the remedy names the right key.
/// </summary>
internal static class DivergenceAdvice
{
    /// <summary>Below this the logits (cosine / T) are steep enough to overflow or collapse; the official value is 0.2.</summary>
    private const double LowTemperature = 0.05;

    /// <summary>A peak learning rate (after batch scaling) above this is far beyond the official 1e-3 x batch/512.</summary>
    private const double HighLr = 1e-2;

    /// <param name="lastCheckpoint">The checkpoint this run saved or resumed from, or null when it has none.</param>
    /// <param name="model">MoBY's settings; null for a run without them (fine-tuning).</param>
    public static string Message(double loss, RunPosition at, string? lastCheckpoint, TrainingSettings settings, MoBYConfig? model, double peakLr)
    {
        string what = $"The loss became {loss} at epoch {at.Epoch}, step {at.Step}; stopping.";
        string kept = lastCheckpoint is null
            ? "No checkpoint was written before it diverged, so there is nothing to resume: change the settings and start again."
            : $"The last good checkpoint, {ShownNames.Path(lastCheckpoint)}, is kept: change the settings and resume from it (--resume {ShownNames.Path(lastCheckpoint)}).";
        return $"{what} {kept} {Suspects(settings, model, peakLr)}";
    }

    private static string Suspects(TrainingSettings settings, MoBYConfig? model, double peakLr)
    {
        var suspects = new List<string>();
        if (model?.Temperature < LowTemperature)
            suspects.Add($"MODEL.MOBY.CONTRAST_TEMPERATURE is {Show(model.Temperature)}, very low (official 0.2): raise it");
        if (peakLr > HighLr)
            suspects.Add($"TRAIN.BASE_LR is {Show(settings.BaseLr)} (peak {Show(peakLr)} after batch scaling), very high: lower it");
        if (settings.WarmupEpochs == 0)
            suspects.Add("TRAIN.WARMUP_EPOCHS is 0: warm up for a few epochs");
        if (settings.ClipGrad == 0)
            suspects.Add("TRAIN.CLIP_GRAD is 0 (no clipping): set it, e.g. 5.0");
        return suspects.Count > 0
            ? $"Likely causes: {string.Join("; ", suspects)}."
            : $"Try a lower TRAIN.BASE_LR (now {Show(settings.BaseLr)}) or more TRAIN.WARMUP_EPOCHS (now {settings.WarmupEpochs}).";
    }

    private static string Show(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
}
