using Moby.Config;
using Moby.Interop;
using Moby.Training;

namespace Moby.Tests.Training;

/// <summary>A tiny but complete MoBY configuration: shifted windows, drop path (so the RNG matters), a queue that the batch does not divide.</summary>
public static class MicroRun
{
    public static ConfigTree Tree(string output, params string[] extra) => ConfigTree.Load(null,
    [
        "MODEL.TYPE=moby", "MODEL.NAME=micro", $"OUTPUT={output}", "DATA.IMG_SIZE=16", "DATA.BATCH_SIZE=4",
        "MODEL.SWIN.PATCH_SIZE=2", "MODEL.SWIN.EMBED_DIM=16", "MODEL.SWIN.DEPTHS=[2]", "MODEL.SWIN.NUM_HEADS=[2]", "MODEL.SWIN.WINDOW_SIZE=4",
        "MODEL.MOBY.CONTRAST_NUM_NEGATIVE=10", "MODEL.MOBY.ONLINE_DROP_PATH_RATE=0.2", "MOBYNET.MOBY.INNER_DIM=32", "MOBYNET.MOBY.OUT_DIM=16",
        "MOBYNET.DATA=synthetic:24", "MOBYNET.PRECISION=fp32", "TRAIN.EPOCHS=2", "TRAIN.WARMUP_EPOCHS=1", "TRAIN.BASE_LR=0.05", .. extra,
    ]);

    /// <summary>The run folder of <see cref="Tree"/>'s runs under <paramref name="output"/>.</summary>
    public static string RunDir(string output) => Path.Combine(output, "micro", "default");

    /// <summary>An observer that ignores everything, for runs whose output files are what the test reads.</summary>
    public sealed class Silent : IPretrainObserver;

    /// <summary>Requests a stop (as SIGTERM does) after the given number of iterations; 0 never does.</summary>
    public sealed class StopAfter(int iterations, CancellationTokenSource stop) : IPretrainObserver
    {
        private int seen;
        public void Iteration(IterationMetrics metrics)
        {
            if (++seen == iterations) stop.Cancel();
        }
    }

    /// <summary>The latest checkpoint of a micro run in <paramref name="output"/>.</summary>
    public static string Latest(string output) => Path.Combine(output, "micro", "default", PretrainCheckpoint.Latest);

    /// <summary>The latest checkpoints of two micro runs hold the same state_dict, bit for bit.</summary>
    public static void AssertSameFinalState(string expectedOutput, string actualOutput)
    {
        using var a = CheckpointFile.Read(Latest(expectedOutput));
        using var b = CheckpointFile.Read(Latest(actualOutput));
        Xunit.Assert.Equal(a.State.Keys, b.State.Keys);
        foreach (var (key, expected) in a.State) TensorAssert.Equal(expected, b.State[key], key);
        Xunit.Assert.Contains("queue1", a.State.Keys);
    }

    /// <summary>An observer that keeps the run's messages (warnings, resume notes), for tests of what a user is told.</summary>
    public sealed class Messages : Moby.Training.IPretrainObserver
    {
        public List<string> Lines { get; } = [];
        public void Message(string text) => Lines.Add(text);
    }

    public static string TempDir() => Directory.CreateTempSubdirectory("moby-test-").FullName;
}
