using Moby.Training;

namespace Moby.Runs;

/// <summary>How the quickstart shows its progress: the start of each phase, the pre-training display, log lines.</summary>
public interface IQuickstartDisplay
{
    void PretrainingStarted(string data);

    /// <summary>Runs <paramref name="pretrain"/> inside the display, which reports to the observer it is given.</summary>
    RunOutcome ShowPretraining(int printFrequency, Func<IPretrainObserver, RunOutcome> pretrain);

    void EvaluationStarted();

    void Log(string line);
}
