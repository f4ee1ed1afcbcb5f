using Moby.Cli;
using Moby.Nn;
using TorchSharp;
using Xunit;

namespace Moby.Tests.Nn;

public class ComputeDeviceTests
{
    [Theory]
    [InlineData("cpu")]
    [InlineData(" CPU ")]
    public void CpuIsTheCpu(string name) => Assert.Equal(DeviceType.CPU, ComputeDevice.Parse(name).type);

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:1x")]
    [InlineData("cuda:99999999999")]
    [InlineData("")]
    public void AnythingElseThanCpuOrCudaIsRefusedNamingTheKey(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => ComputeDevice.Parse(name));
        Assert.Equal($"MOBYNET.DEVICE must be 'cpu', 'cuda' or 'cuda:N' (N = 0, 1, ...), got '{name}'.", e.Message);
    }

    /// <summary>This build runs LibTorch for the CPU: asking for a GPU says how to get one, in one line, before anything runs.</summary>
    [Fact]
    public void CudaWithoutCudaSaysHowToBuildForIt()
    {
        Assert.False(torch.cuda.is_available());
        var e = Assert.Throws<ArgumentException>(() => ComputeDevice.Parse("cuda:0"));
        Assert.Contains("-p:TorchBackend=cuda", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        string output = Training.MicroRun.TempDir();
        Assert.Equal(1, MobyApp.Run(["pretrain", "--opt", "MOBYNET.DATA=synthetic:8", "--device", "cuda", "-o", output, "--quiet"]));
        Assert.Empty(Directory.GetFileSystemEntries(output)); // refused before the run folder was made
    }
}
