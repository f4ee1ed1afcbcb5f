using Moby.Nn;
using Xunit;

namespace Moby.Tests.Nn;

/// <summary>OpenBLAS runs on LibTorch's own OpenMP threads: the runtime must be the one LibTorch loaded.</summary>
public class OpenMpTeamTests
{
    [Fact]
    public void PicksTheRuntimeBesideLibTorch()
    {
        string[] mapped = ["/usr/lib/x86_64-linux-gnu/libgomp.so.1", "/opt/app/libtorch_cpu.so", "/opt/app/libgomp-98b21ff3.so.1"];
        Assert.Equal("/opt/app/libgomp-98b21ff3.so.1", OpenMpTeam.LoadedRuntime(mapped));
    }

    [Fact]
    public void FallsBackToAnyLoadedRuntimeAndElseToNone()
    {
        Assert.Equal("/usr/lib/libgomp.so.1", OpenMpTeam.LoadedRuntime(["/opt/app/libtorch_cpu.so", "/usr/lib/libgomp.so.1"]));
        Assert.Null(OpenMpTeam.LoadedRuntime(["/opt/app/libtorch_cpu.so", "/usr/lib/libc.so.6"]));
    }

    [Fact]
    public void LibTorchsRuntimeIsFoundInThisProcess()
    {
        Assert.True(OpenMpTeam.Available, "LibTorch's GNU OpenMP runtime was not found among the mapped libraries.");
    }
}
