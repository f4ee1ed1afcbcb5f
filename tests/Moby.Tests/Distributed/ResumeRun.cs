using Moby.Config;
using Moby.Distributed;
using Moby.Runs;
using Moby.Tests.Training;
using Moby.Training;

namespace Moby.Tests.Distributed;

/// <summary>
/// `moby pretrain`'s run (<see cref="PretrainRun"/>) of the micro MoBY, with drop path, on every rank of a world;
/// optionally stopped after some iterations as SIGTERM stops it (all ranks at the same step, rank 0 writes the
/// checkpoint). Run again on the same folder, it resumes from that checkpoint, as the same mpirun command does.
/// </summary>
public static class ResumeRun
{
    public static ConfigTree Tree(string output) => MicroRun.Tree(output, "MOBYNET.DATA=synthetic:48", "MOBYNET.THREADS=1");

    /// <param name="stopAfter">Iterations after which rank 0 requests the stop; 0 runs to the end.</param>
    public static RunOutcome Train(ICommunicator world, string output, int stopAfter)
    {
        using var stop = new CancellationTokenSource();
        return PretrainRun.Execute(Tree(output), new MicroRun.StopAfter(stopAfter, stop), stop: stop.Token, world: world);
    }
}
