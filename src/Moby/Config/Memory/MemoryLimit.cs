using System.Globalization;

namespace Moby.Config.Memory;

/// <summary>
/// The most memory a run may be estimated to need: the memory this process may use (<see cref="MachineMemory"/>: the
/// machine's, or its container's limit when lower), or the GiB that the environment variable <see cref="Variable"/> sets. The machine's memory, not more: a
/// run the estimate puts above it would be killed by the system part of the way in (the estimate follows measured runs
/// within a few percent on the large models), so it is refused before it starts, with the keys to lower.
/// </summary>
/// <param name="Basis">Where the limit comes from, for the message.</param>
internal sealed record MemoryLimit(double Bytes, string Basis)
{
    public const string Variable = "MOBY_MEMORY_LIMIT";

    /// <summary>The least <see cref="PerImage"/> wherever the limit has it: the fixed bound it replaces.</summary>
    public const long LeastPerImage = 2L << 30;

    /// <summary>
    /// What the largest buffer of one image may take (segmentation's class scores of a batch, detection's pasted masks of
    /// a forward): a quarter of the limit, and never less than <see cref="LeastPerImage"/> unless the limit itself is
    /// less. A quarter, because evaluation holds up to about three times that buffer's size at once (the scores and
    /// their resize, or the window's sums; the image and its labels per pixel: 7.0 GB at peak for the 2.8 GB of scores
    /// of an 8000 x 8000 image with 11 classes, 12.2 GB for 3.9 GB through the sliding window), which leaves a quarter
    /// for the model and, when it validates during training, the optimizer's state. 5.9 GiB on a 24 GB machine
    /// (23.5 GiB seen), 15.7 GiB on 64 GB: the class scores of 150 classes at 10 and 28 megapixels.
    /// </summary>
    public long PerImage => (long)Math.Min(Math.Max(Bytes / 4, Math.Min(LeastPerImage, Bytes)), 1L << 62);

    /// <summary>The limit of one of <paramref name="processes"/> processes of a run on a machine with <paramref name="machineBytes"/> of memory.</summary>
    public static MemoryLimit OfMachine(double machineBytes, int processes = 1) =>
        processes > 1
            ? new(machineBytes / processes, $"this process's share of the {Size(machineBytes)} available here, with {processes} processes of the run on this machine; {Variable}=GiB sets another")
            : new(machineBytes, $"the memory available here; {Variable}=GiB sets another");

    /// <summary>
    /// The limit in force: <see cref="Variable"/> when set, else this machine's, shared by the run's processes on it
    /// (Open MPI's OMPI_COMM_WORLD_LOCAL_SIZE under mpirun: each checks its own estimate).
    /// </summary>
    public static MemoryLimit Current() =>
        Of(Environment.GetEnvironmentVariable(Variable), MachineMemory.Bytes(),
           int.TryParse(Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_LOCAL_SIZE"), NumberStyles.None, CultureInfo.InvariantCulture, out int local) ? local : 1);

    /// <summary>The limit that <paramref name="text"/> (the variable's text, null when unset) sets for one of
    /// <paramref name="processes"/> processes on a machine of <paramref name="machineBytes"/>.</summary>
    public static MemoryLimit Of(string? text, double machineBytes, int processes = 1)
    {
        if (string.IsNullOrWhiteSpace(text)) return OfMachine(machineBytes, processes);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double gib) && double.IsFinite(gib) && gib > 0
            ? new MemoryLimit(gib * (1L << 30), $"{Variable}={text.Trim()}")
            : throw new ConfigException($"{Variable} is '{Interop.ShownNames.One(text)}'; expected a positive number of GiB (e.g. 64).");
    }

    /// <summary>A byte count as GiB, TiB or PiB, on one short line whatever its size.</summary>
    public static string Size(double bytes)
    {
        double gib = bytes / (1L << 30);
        return gib < 1024 ? $"{gib.ToString("0.0", CultureInfo.InvariantCulture)} GiB"
            : gib < 1 << 20 ? $"{(gib / 1024).ToString("0.0", CultureInfo.InvariantCulture)} TiB"
            : $"{(gib / (1 << 20)).ToString(gib < 1L << 40 ? "0.0" : "0.0e0", CultureInfo.InvariantCulture)} PiB";
    }

    public override string ToString() => $"{Size(Bytes)} ({Basis})";
}
