using Moby.Training;

namespace Moby.Tests.Training;

/// <summary>A clock for time budgets that only a training step moves on, by a fixed time: runs whose timing is part of the test.</summary>
public sealed class StepClock(TimeSpan perStep) : TimeProvider
{
    private long ticks;
    /// <summary>The time a step takes from now on.</summary>
    public TimeSpan PerStep { get; set; } = perStep;
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    public override long GetTimestamp() => ticks;
    public void Step() => ticks += PerStep.Ticks;

    /// <summary>An observer that moves the clock on at every step and keeps what the run reports.</summary>
    public sealed class Seen(StepClock clock) : IPretrainObserver
    {
        public List<IterationMetrics> Iterations { get; } = [];
        public List<RunInfo> Rescheduled { get; } = [];
        public List<string> Lines { get; } = [];
        public void Iteration(IterationMetrics metrics)
        {
            Iterations.Add(metrics);
            clock.Step();
        }
        void IPretrainObserver.Rescheduled(RunInfo info) => Rescheduled.Add(info);
        public void Message(string text) => Lines.Add(text);
    }
}
