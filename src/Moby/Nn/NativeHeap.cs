using System.Runtime.InteropServices;

namespace Moby.Nn;

/// <summary>
/// Lets LibTorch's tensors reuse the memory of the tensors freed before them. glibc's malloc hands every block above its
/// mmap threshold (at most 32 MiB) to the kernel on free and maps a new one on the next request, whose pages the kernel
/// must zero again on first touch: a training iteration frees and re-allocates the same large activations every time,
/// and on a Swin-T iteration at 224 px the kernel's page clearing took about a quarter of the time (docs/benchmarks.md).
/// Serving large blocks from the heap and not trimming it keeps those pages; the resident set then stays at the run's
/// high-water mark instead of breathing with each iteration. Process-wide, so only runs that own the process (the
/// command line, the training and benchmark entry points) call it; a no-op where the C library is not glibc.
/// </summary>
internal static partial class NativeHeap
{
    private const int TrimThreshold = -1; // M_TRIM_THRESHOLD
    private const int MmapMax = -4;       // M_MMAP_MAX
    private static int applied;

    /// <summary>Large blocks from the heap, freed memory kept for reuse (once per process).</summary>
    public static void ReuseFreedMemory()
    {
        if (Interlocked.Exchange(ref applied, 1) == 1 || !OperatingSystem.IsLinux()) return;
        try
        {
            Mallopt(MmapMax, 0);
            Mallopt(TrimThreshold, int.MaxValue);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl): its allocator has no such knobs; everything works as before, only slower.
        }
    }

    /// <summary>
    /// A generation-0 collection, for the end of each training step. Some native blocks are released only when the
    /// garbage collector finalizes the small C# objects that own them, and a step makes too little managed garbage for a
    /// collection to come on its own for many steps. Each such block, left between the freed activations of a step,
    /// keeps glibc from merging them, so the heap grew by hundreds of megabytes a step with the linear layers on OpenBLAS
    /// (Swin-T, docs/benchmarks.md) and the kernel cleared fresh pages for it. Collecting the young generation costs
    /// well under a millisecond here, against seconds for the step.
    /// </summary>
    public static void CollectStepGarbage() => GC.Collect(0, GCCollectionMode.Forced, blocking: true);

    [LibraryImport("libc.so.6", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
