using System.Text;
using Moby.Config.Memory;
using Xunit;

namespace Moby.Tests.Config;

/// <summary>
/// The memory limit's basis on Linux: the physical memory, lowered by the limit of the process's control group or of any
/// group above it (v1 and v2), not .NET's own figure, which inside a container is its heap's three quarters.
/// </summary>
public class MachineMemoryTests
{
    private const double GiB = 1L << 30;

    private static double? Read(string cgroupOfSelf, params (string File, string Text)[] cgroupFiles)
    {
        using var dir = new TempDir();
        dir.File("proc/meminfo", Encoding.ASCII.GetBytes("MemTotal:       25165824 kB\nMemFree:  1000 kB\n")); // 24 GiB
        dir.File("proc/self/cgroup", Encoding.ASCII.GetBytes(cgroupOfSelf));
        foreach (var (file, text) in cgroupFiles) dir.File($"cg/{file}", Encoding.ASCII.GetBytes(text));
        return MachineMemory.OnLinux(dir.File("proc"), dir.File("cg"));
    }

    [Fact]
    public void WithoutALimitItIsThePhysicalMemory() =>
        Assert.Equal(24 * GiB, Read("0::/user/session\n", ("user/session/memory.max", "max\n")));

    [Fact]
    public void AV2LimitOfTheGroupOrOneAboveItLowersIt()
    {
        Assert.Equal(3 * GiB, Read("0::/box\n", ("box/memory.max", $"{3L << 30}\n")));
        Assert.Equal(8 * GiB, Read("0::/box/inner\n", ("box/memory.max", $"{8L << 30}\n"), ("box/inner/memory.max", "max\n")));
    }

    [Fact]
    public void AV1MemoryControllersLimitLowersItAndTheUnlimitedValueDoesNot()
    {
        const string groups = "9:name=systemd:/\n4:memory:/process_api/abc\n3:cpuset:/\n0::/\n";
        Assert.Equal(8 * GiB, Read(groups, ("memory/process_api/memory.limit_in_bytes", $"{8L << 30}\n"),
                                   ("memory/process_api/abc/memory.limit_in_bytes", "9223372036854771712\n")));
        Assert.Equal(24 * GiB, Read(groups, ("memory/memory.limit_in_bytes", "9223372036854771712\n")));
    }

    [Fact]
    public void WithoutProcItIsUnknown()
    {
        using var dir = new TempDir();
        Assert.Null(MachineMemory.OnLinux(dir.File("proc"), dir.File("cg")));
    }
}
