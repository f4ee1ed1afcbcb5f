using System.Diagnostics;
using Moby.Config;
using Moby.Distributed;
using Moby.Ssl;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moby.Tests.Distributed;

/// <summary>
/// The test assembly's entry point, for the processes that mpirun starts (<c>dotnet Moby.Tests.dll MODE ...</c>);
/// the test host never calls it. Modes: collectives (checks every collective, exit code 1 on a wrong result),
/// equivalence DIR (<see cref="EquivalenceRun"/>), pretrain DIR STOP_AFTER [DIR STOP_AFTER ...] (<see cref="ResumeRun"/>, one
/// run after the other), finetune DATA DIR BATCH (<see cref="Finetune.FinetuneEquivalence"/>), segment SCENES DIR BATCH (<see cref="Segmentation.SegmentationEquivalence"/>), allreduce-time CONFIG|FLOATS [REPEATS] (prints the time of one step's gradient all-reduce).
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
                case "finetune": Finetune.FinetuneEquivalence.Train(world, args[1], args[2], int.Parse(args[3])); break;
                case "segment": Segmentation.SegmentationEquivalence.Train(world, args[1], args[2], int.Parse(args[3])); break;
                case "allreduce-time": TimeAllReduce(world, args[1], args.Length > 2 ? int.Parse(args[2]) : 10); break;
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

    /// <summary>
    /// Times the gradient all-reduce of one training step (in-place, float32, DDP's buckets: <see cref="GradientAllReduce"/>)
    /// for <paramref name="size"/>: a config file (the trainable parameters of its MoBY) or a float count (one tensor).
    /// After a warm-up, rank 0 prints min, median and mean over <paramref name="repeats"/> runs; a benchmark, never a test.
    /// </summary>
    private static void TimeAllReduce(ICommunicator world, string size, int repeats)
    {
        set_num_threads(1); // as each of 2 processes on 2 cores trains (--threads 1)
        using var model = File.Exists(size) ? new MoBY(ModelConfigs.MoBY(ConfigTree.Load(size))) : null;
        var parameters = model?.TrainableParameters().Select(p => p.Parameter).ToList() ?? [new Parameter(zeros(long.Parse(size)))];
        foreach (var parameter in parameters) parameter.grad = ones_like(parameter);
        long floats = parameters.Sum(p => p.numel());
        var gradients = new GradientAllReduce(world, parameters);
        gradients.Average();
        var times = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            gradients.Average();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        if (world.Rank == 0)
            Console.WriteLine($"allreduce of {floats} float32 ({floats * 4 / 1e6:F1} MB) over {world.Size} ranks, {repeats} runs: " +
                              $"min {times[0]:F2} ms, median {times[repeats / 2]:F2} ms, mean {times.Average():F2} ms");
    }
}
