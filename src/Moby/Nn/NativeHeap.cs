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

    [LibraryImport("libc.so.6", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
