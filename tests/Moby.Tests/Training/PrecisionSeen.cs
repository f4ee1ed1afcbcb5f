using Moby.Nn;
using Moby.Training;
using static TorchSharp.torch;

namespace Moby.Tests.Training;

/// <summary>Records the matmul precision in force at every iteration of a run and the run's messages; optionally asks
/// the run to stop after <paramref name="stopAfter"/> iterations.</summary>
internal sealed class PrecisionSeen(CancellationTokenSource? stop = null, int stopAfter = 0) : IPretrainObserver
{
    public List<ScalarType> Types { get; } = [];
    public List<string> Lines { get; } = [];

    public void Iteration(IterationMetrics metrics)
    {
        Types.Add(Precision.MatmulType);
        if (Types.Count == stopAfter) stop?.Cancel();
    }

    public void Message(string text) => Lines.Add(text);
}
