using Moby.Training;

namespace Moby.Runs;

/// <summary>How the quickstart shows its progress: the start of each phase, the pre-training display, log lines.</summary>
public interface IQuickstartDisplay
{
    /// <summary>Pre-training on <paramref name="data"/> (the data source) begins.</summary>
    void PretrainingStarted(string data);

    /// <summary>Runs <paramref name="pretrain"/> inside the display, which reports to the observer it is given.</summary>
    RunOutcome ShowPretraining(int printFrequency, Func<IPretrainObserver, RunOutcome> pretrain);

    /// <summary>The evaluation (the checkpoint and the baselines) begins.</summary>
    void EvaluationStarted();

    /// <summary>A line for the user.</summary>
    void Log(string line);
}
