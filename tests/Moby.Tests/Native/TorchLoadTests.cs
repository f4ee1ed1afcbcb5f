using TorchSharp;
using Xunit;

namespace Moby.Tests.Native;

public class TorchLoadTests
{
    [Fact]
    public void LibTorchSharpLoadsAndComputes()
    {
        using var x = torch.arange(1, 5, dtype: torch.float32);
        Assert.Equal(10f, x.sum().item<float>());
    }
}
