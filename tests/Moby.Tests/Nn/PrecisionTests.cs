using Moby.Nn;
using Moby.Runs;
using Moby.Tests.Training;
using Moby.Training;
using TorchSharp;
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

    [Theory]
    [InlineData("flags\t\t: fpu avx2 avx512f avx512_bf16 vaes\n", true)]   // AMD Zen 4, Intel Cooper Lake
    [InlineData("flags\t\t: fpu avx2 amx_bf16 amx_tile\n", true)]          // Intel Sapphire Rapids
    [InlineData("flags\t\t: fpu avx2 fma avx512f avx512bw\n", false)]       // Zen 3 has no AVX-512; Skylake-X has no bf16
    [InlineData("model name\t: AMD EPYC\n", false)]
    public void Bf16UnitsAreTheCpuinfoFlags(string cpuinfo, bool expected)
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, cpuinfo);
        Assert.Equal(expected, Bf16Units.Reported(path));
        Assert.False(Bf16Units.Reported("/nonexistent/cpuinfo"));
    }

    [Fact]
    public void AutoIsBf16WhereTheDeviceMultipliesItFast()
    {
        Assert.Equal(Bf16Units.OnThisCpu ? ScalarType.BFloat16 : ScalarType.Float32, Precision.Parse("auto"));
        Assert.Equal(ScalarType.BFloat16, Precision.Parse("AUTO", new Device(DeviceType.CUDA, 0)));
        Assert.Equal(ScalarType.Float32, Precision.Parse("fp32", new Device(DeviceType.CUDA, 0)));
        Assert.Equal("Unknown precision 'fp16'; use auto, fp32 or bf16.", Assert.Throws<ArgumentException>(() => Precision.Parse("fp16")).Message);
    }

    /// <summary>A resumed run keeps computing as its checkpoint recorded unless MOBYNET.PRECISION names a precision; every change is said.</summary>
    [Fact]
    public void ResumeKeepsTheCheckpointsPrecisionUnlessTold()
    {
        var said = new List<string>();
        Assert.Equal(ScalarType.Float32, RunPrecision.Choose("fp32", CPU, ScalarType.BFloat16, said.Add));
        Assert.Equal("The checkpoint trained with bf16 matrix products; continuing in fp32, as MOBYNET.PRECISION says.", Assert.Single(said));
        said.Clear();
        Assert.Equal(ScalarType.BFloat16, RunPrecision.Choose("auto", CPU, ScalarType.BFloat16, said.Add));
        if (Bf16Units.OnThisCpu) Assert.Empty(said);
        else Assert.StartsWith("The checkpoint trained with bf16 matrix products; this CPU has no bf16 units (avx512_bf16 or AMX)", Assert.Single(said));
        said.Clear();
        Assert.Equal(ScalarType.Float32, RunPrecision.Choose("auto", CPU, ScalarType.Float32, said.Add));
        Assert.Equal(Bf16Units.OnThisCpu ? 1 : 0, said.Count);
        said.Clear();
        Assert.Equal(ScalarType.BFloat16, RunPrecision.Choose("bf16", CPU, resumed: null, said.Add));
        Assert.Empty(said);
    }

    /// <summary>The checkpoint records the precision; resuming with the default (auto) continues in it.</summary>
    [Fact]
    public void CheckpointRecordsThePrecisionAndAResumeKeepsIt()
    {
        string output = MicroRun.TempDir();
        PretrainRun.Execute(MicroRun.Tree(output, "MOBYNET.PRECISION=bf16", "TRAIN.EPOCHS=1", "TRAIN.WARMUP_EPOCHS=0"), new MicroRun.Silent());
        using (var checkpoint = Moby.Interop.CheckpointFile.Read(MicroRun.Latest(output)))
            Assert.Equal("bf16", ((IReadOnlyDictionary<string, object?>)checkpoint.Extra["mobynet"]!)["precision"]);
        var observer = new PrecisionSeen();
        PretrainRun.Execute(MicroRun.Tree(output, "MOBYNET.PRECISION=auto", "TRAIN.EPOCHS=2", "TRAIN.WARMUP_EPOCHS=0"), observer);
        Assert.Equal([ScalarType.BFloat16], observer.Types.Distinct());
        Assert.Equal(Bf16Units.OnThisCpu ? 0 : 1, observer.Lines.Count(l => l.Contains("no bf16 units")));
    }
}
