using Moby.Benchmarks;
using Xunit;

namespace Moby.Tests.Benchmarks;

/// <summary>
/// The hardware-peak kernel does the work it counts: with a = b = 1, accumulator i of every lane ends at
/// i + rounds (fp32 FMA) or i + 2 rounds (vdpbf16ps adds two products), so the checksum proves how many
/// operations ran. Expected values by hand: AVX2 has 12 accumulators x 8 lanes, AVX-512 24 x 16.
/// </summary>
public class FmaKernelTests
{
    [Theory]
    // 10 rounds: flops = 2 (or 4) x lanes x accumulators x 10; checksum = lanes x (accumulators x 10 (or 20) + 0 + 1 + ... + (accumulators - 1)).
    [InlineData(0, 1920, 1488)]     // 2 x 8 x 12 x 10; 8 x (120 + 66)
    [InlineData(1, 7680, 8256)]   // 2 x 16 x 24 x 10; 16 x (240 + 276)
    [InlineData(2, 15360, 12096)] // 4 x 16 x 24 x 10; 16 x (480 + 276)
    public void TenRoundsPerformTheCountedOperations(int number, double flops, float checksum)
    {
        var variant = (FmaKernel.Variant)number; // 0 AVX2, 1 AVX-512, 2 AVX-512 BF16
        if (!FmaKernel.Supported(variant))
        {
            // Never runs an instruction the CPU lacks: it refuses instead.
            Assert.Throws<PlatformNotSupportedException>(() => FmaKernel.Run(variant, 10));
            return;
        }
        var (counted, sum) = FmaKernel.Run(variant, 10);
        Assert.Equal(flops, counted);
        Assert.Equal(checksum, sum);
        Assert.Equal(flops, 10.0 * FmaKernel.Lanes(variant) * FmaKernel.Accumulators(variant) * FmaKernel.FlopsPerLane(variant));
    }

    [Fact]
    public void OperationCountGrowsWithTheRoundsAndFollowsTheOperands()
    {
        var (flops, checksum) = FmaKernel.Run(FmaKernel.Variant.Avx2Fp32, 1000, a: 1, b: 0.5f);
        Assert.Equal(2.0 * 8 * 12 * 1000, flops);
        Assert.Equal(8 * (12 * 500 + 66), checksum); // each round adds b = 0.5 to every accumulator
    }

    [Fact]
    public void UnknownVariantAndNegativeRoundsAreRefused()
    {
        Assert.Throws<PlatformNotSupportedException>(() => FmaKernel.Run((FmaKernel.Variant)7, 10));
        Assert.Throws<PlatformNotSupportedException>(() => FmaKernel.Run(FmaKernel.Variant.Avx2Fp32, -1));
    }

    [Fact]
    public void CpuDescriptionNamesModelAndFamily()
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 17\nmodel name\t: AMD EPYC 9R14\n\nprocessor\t: 1\n");
        Assert.Equal("AMD EPYC 9R14, family 25 model 17", CpuDescription.Read(path));
    }
}
