using Moby.Nn;
using Moby.Runs;
using Moby.Tests.Training;
using Moby.Training;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Nn;

public class PrecisionTests
{
    [Fact]
    public void ScopesNestAndRestoreTheEnclosingPrecision()
    {
        Assert.Equal(ScalarType.Float32, Precision.MatmulType);
        using (Precision.Use(ScalarType.BFloat16))
        {
            Assert.True(Precision.Reduced);
            using (Precision.Use(ScalarType.Float32)) Assert.False(Precision.Reduced);
            Assert.Equal(ScalarType.BFloat16, Precision.MatmulType);
        }
        Assert.Equal(ScalarType.Float32, Precision.MatmulType);
    }

    [Fact]
    public void ScopeDoesNotReachOtherThreads()
    {
        using var scope = Precision.Use(ScalarType.BFloat16);
        ScalarType seen = ScalarType.BFloat16;
        var thread = new Thread(() => seen = Precision.MatmulType);
        thread.UnsafeStart(); // no execution context: a thread of its own, as libtorch's or another caller's
        thread.Join();
        Assert.Equal(ScalarType.Float32, seen);
    }

    /// <summary>What follows a bf16 run (the quickstart's evaluation) runs in float32 again.</summary>
    [Fact]
    public void Bf16RunTrainsInBf16AndLeavesFloat32Behind()
    {
        var observer = new PrecisionSeen();
        PretrainRun.Execute(MicroRun.Tree(MicroRun.TempDir(), "MOBYNET.PRECISION=bf16", "TRAIN.EPOCHS=1", "TRAIN.WARMUP_EPOCHS=0"), observer);
        Assert.Equal([ScalarType.BFloat16], observer.Types.Distinct());
        Assert.Equal(ScalarType.Float32, Precision.MatmulType);
    }

    private sealed class PrecisionSeen : IPretrainObserver
    {
        public List<ScalarType> Types { get; } = [];
        public void Iteration(IterationMetrics metrics) => Types.Add(Precision.MatmulType);
    }
}
