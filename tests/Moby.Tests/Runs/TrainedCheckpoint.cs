using Moby.Interop;
using Moby.Runs;
using Moby.Tests.Training;

namespace Moby.Tests.Runs;

/// <summary>A one-epoch micro run whose checkpoint the resume tests damage.</summary>
public sealed class TrainedCheckpoint : IDisposable
{
    public TrainedCheckpoint()
    {
        string output = MicroRun.TempDir();
        PretrainRun.Execute(MicroRun.Tree(output, "TRAIN.EPOCHS=1"), new MicroRun.Silent());
        Checkpoint = CheckpointFile.Read(MicroRun.Latest(output));
    }

    public Checkpoint Checkpoint { get; }

    public void Dispose() => Checkpoint.Dispose();
}
