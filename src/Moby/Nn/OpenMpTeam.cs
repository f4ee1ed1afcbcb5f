using System.Runtime.InteropServices;

namespace Moby.Nn;

/// <summary>
/// Runs native work on LibTorch's own OpenMP threads: the GNU OpenMP runtime that LibTorch loaded (its package ships one
/// under a hashed name), found among the process's mapped libraries. A library called between LibTorch's kernels with a
/// thread pool of its own (OpenBLAS's) competes with LibTorch's threads, which spin for a while after each kernel: on
/// two cores the spinning halves the other pool's speed. On LibTorch's team the same threads do both.
/// </summary>
internal static unsafe class OpenMpTeam
{
    private sealed class Api(delegate* unmanaged<delegate* unmanaged<void*, void>, void*, uint, uint, void> parallel,
                             delegate* unmanaged<int> threadNum, delegate* unmanaged<int> numThreads)
    {
        public readonly delegate* unmanaged<delegate* unmanaged<void*, void>, void*, uint, uint, void> Parallel = parallel;
        public readonly delegate* unmanaged<int> ThreadNum = threadNum;
        public readonly delegate* unmanaged<int> NumThreads = numThreads;
    }

    private static readonly Lazy<Api?> api = new(Load);

    /// <summary>Whether LibTorch's OpenMP runtime was found (it is GNU OpenMP in the LibTorch packages we use).</summary>
    public static bool Available => api.Value is not null;

    /// <summary>Calls <paramref name="work"/>(<paramref name="data"/>) on <paramref name="threads"/> threads of the team and waits for all.</summary>
    public static void Run(delegate* unmanaged<void*, void> work, void* data, int threads)
    {
        var lib = api.Value ?? throw new InvalidOperationException("LibTorch's OpenMP runtime was not found.");
        lib.Parallel(work, data, (uint)threads, 0);
    }

    /// <summary>This thread's index in the running team, and the team's size (inside <see cref="Run"/>'s work).</summary>
    public static (int Index, int Count) Position() => (api.Value!.ThreadNum(), api.Value!.NumThreads());

    private static Api? Load()
    {
        if (!OperatingSystem.IsLinux()) return null;
        TorchSharp.torch.get_num_threads(); // LibTorch, and with it its OpenMP runtime, is loaded by now
        var path = LoadedRuntime(MappedLibraries());
        if (path is null || !NativeLibrary.TryLoad(path, out var handle)) return null;
        if (NativeLibrary.TryGetExport(handle, "GOMP_parallel", out var parallel)
            && NativeLibrary.TryGetExport(handle, "omp_get_thread_num", out var threadNum)
            && NativeLibrary.TryGetExport(handle, "omp_get_num_threads", out var numThreads))
            return new Api((delegate* unmanaged<delegate* unmanaged<void*, void>, void*, uint, uint, void>)parallel,
                           (delegate* unmanaged<int>)threadNum, (delegate* unmanaged<int>)numThreads);
        return null;
    }

    /// <summary>The GNU OpenMP library beside LibTorch's libtorch_cpu among mapped paths, else any mapped one, else null.</summary>
    public static string? LoadedRuntime(IReadOnlyList<string> mapped)
    {
        var torchDirectory = mapped.Where(p => Path.GetFileName(p).StartsWith("libtorch_cpu.so", StringComparison.Ordinal))
                                   .Select(Path.GetDirectoryName).FirstOrDefault();
        var runtimes = mapped.Where(p => Path.GetFileName(p).StartsWith("libgomp", StringComparison.Ordinal)).ToList();
        return runtimes.FirstOrDefault(p => Path.GetDirectoryName(p) == torchDirectory) ?? runtimes.FirstOrDefault();
    }

    private static List<string> MappedLibraries()
    {
        try
        {
            return File.ReadLines("/proc/self/maps")
                       .Select(l => l.IndexOf('/') is var at and >= 0 ? l[at..] : "")
                       .Where(p => p.Contains(".so", StringComparison.Ordinal)).Distinct().ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }
}
