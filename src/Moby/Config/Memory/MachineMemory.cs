using System.Globalization;

namespace Moby.Config.Memory;

/// <summary>
/// The memory this process may use: the machine's, or its control group's limit when that is lower (a container, a
/// systemd scope). On Linux it is read from /proc and the cgroup file system (v2 <c>memory.max</c>, v1
/// <c>memory.limit_in_bytes</c>, of the process's group and each group above it), because .NET's own figure inside a
/// container is its managed heap's share of the limit (three quarters), while libtorch's tensors may use all of it.
/// Elsewhere, and whenever those files cannot be read, .NET's figure.
/// </summary>
internal static class MachineMemory
{
    /// <summary>Read once a process: every configuration read is checked against it.</summary>
    private static readonly Lazy<double> Machine = new(() => OperatingSystem.IsLinux() ? OnLinux("/proc", "/sys/fs/cgroup") ?? Managed() : Managed());

    public static double Bytes() => Machine.Value;

    private static double Managed() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>The physical memory, lowered by any cgroup limit above this process; null when /proc cannot be read.</summary>
    /// <param name="proc">Where /proc is (tests give a folder of their own).</param>
    /// <param name="cgroups">Where the cgroup file system is mounted.</param>
    internal static double? OnLinux(string proc, string cgroups)
    {
        if (Read(Path.Combine(proc, "meminfo")) is not { } meminfo || MemTotal(meminfo) is not double physical) return null;
        string groups = Read(Path.Combine(proc, "self", "cgroup")) ?? "";
        double limit = physical;
        foreach (var (root, group, file) in Limits(groups, cgroups))
            for (string? dir = Path.Join(root, group); dir is not null && dir.StartsWith(root, StringComparison.Ordinal); dir = Path.GetDirectoryName(dir))
                if (Read(Path.Combine(dir, file)) is { } text && double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double bytes) && bytes > 0)
                    limit = Math.Min(limit, bytes);
        return limit;
    }

    /// <summary>The limit files to read for each group of /proc/self/cgroup: v2's (<c>0::/path</c>) and v1's memory controller's.</summary>
    private static IEnumerable<(string Root, string Group, string File)> Limits(string groups, string cgroups)
    {
        foreach (var line in groups.Split('\n'))
        {
            var fields = line.Split(':', 3);
            if (fields.Length != 3 || !fields[2].StartsWith('/')) continue;
            if (fields[0] == "0" && fields[1] == "") yield return (cgroups, fields[2], "memory.max");
            else if (fields[1].Split(',').Contains("memory")) yield return (Path.Combine(cgroups, "memory"), fields[2], "memory.limit_in_bytes");
        }
    }

    /// <summary>MemTotal of /proc/meminfo, in bytes.</summary>
    private static double? MemTotal(string meminfo)
    {
        foreach (var line in meminfo.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[0] == "MemTotal:" && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out long kib))
                return kib * 1024.0;
        }
        return null;
    }

    /// <summary>A small system file's text (null when it is missing or unreadable); at most 64 KiB is read.</summary>
    private static string? Read(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            var buffer = new char[64 * 1024];
            return new string(buffer, 0, reader.ReadBlock(buffer, 0, buffer.Length));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}
