using System.Diagnostics;
using Moby.Distributed;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moby.Tests.Distributed;

/// <summary>
/// The test assembly's entry point, for the processes that mpirun starts (<c>dotnet Moby.Tests.dll MODE ...</c>);
/// the test host never calls it. Modes: collectives (checks every collective, exit code 1 on a wrong result),
/// equivalence DIR (<see cref="EquivalenceRun"/>), pretrain DIR STOP_AFTER [DIR STOP_AFTER ...] (<see cref="ResumeRun"/>, one
/// run after the other), allreduce-time FLOATS (prints ms per all-reduce of that size).
/// </summary>
public static class MpiWorker
{
    public static int Main(string[] args)
    {
        using var world = World.Join();
        try
        {
            switch (args[0])
            {
                case "collectives": Collectives.Check(world); break;
                case "equivalence": EquivalenceRun.Train(world, int.Parse(args[2]), args[1]); break;
                case "pretrain":
                    for (int i = 1; i + 1 < args.Length; i += 2) ResumeRun.Train(world, args[i], int.Parse(args[i + 1]));
                    break;
                case "allreduce-time": TimeAllReduce(world, long.Parse(args[1])); break;
                default: throw new ArgumentException($"unknown mode {args[0]}");
            }
            return 0;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"rank {world.Rank}: {e}");
            world.Abort(1);
            return 1;
        }
    }

    /// <summary>Mean time of an in-place float32 all-reduce of <paramref name="floats"/> elements (after a warm-up), as DDP's gradient sync.</summary>
    private static void TimeAllReduce(ICommunicator world, long floats)
    {
        var parameter = new Parameter(zeros(floats));
        parameter.grad = ones(floats);
        var gradients = new GradientAllReduce(world, [parameter]);
        gradients.Average();
        const int repeats = 10;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < repeats; i++) gradients.Average();
        if (world.Rank == 0)
            Console.WriteLine($"allreduce {floats} float32 over {world.Size} ranks: {clock.Elapsed.TotalMilliseconds / repeats:F1} ms");
    }
}
