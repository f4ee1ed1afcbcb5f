using Moby.Config.Memory;

namespace Moby.Tests;

/// <summary>Memory limits that tests give the code under test, so that no test depends on the memory of the machine it runs on.</summary>
internal static class TestMemory
{
    /// <summary>A machine of 8 GiB: 2 GiB for one image (<see cref="MemoryLimit.PerImage"/>), the fixed bound before it followed the limit.</summary>
    public static readonly MemoryLimit TwoGiBPerImage = MemoryLimit.OfMachine(8.0 * (1L << 30));
}
