using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Moby.Nn;

/// <summary>
/// OpenBLAS's single-precision matrix product on the memory of float32 CPU tensors, when the system has the library
/// (Debian: <c>libopenblas0-pthread</c>; a NuGet package cannot carry it, so everything works without it, through
/// LibTorch). Why: LibTorch's fp32 product is Intel MKL's, which runs its AVX2 code on every CPU that is not Intel's,
/// at about 40 % of what an AMD Zen 4 or Zen 5 core does with AVX-512; OpenBLAS picks its kernels by what the CPU
/// reports. OpenBLAS runs single-threaded, on each of LibTorch's OpenMP threads (<see cref="OpenMpTeam"/>) for a block
/// of the product: its own pool would compete with LibTorch's for the same cores. So <c>--threads</c> holds for both.
/// </summary>
internal static unsafe class OpenBlas
{
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    // Below this many multiply-adds a product runs on the calling thread alone (a team's start costs microseconds).
    private const double TeamWork = 1 << 20;

    private sealed class Api(Sgemm sgemm, string coreName)
    {
        public readonly Sgemm Sgemm = sgemm;
        public readonly string CoreName = coreName;
    }

    /// <summary>cblas_sgemm's entry point.</summary>
    private readonly struct Sgemm(IntPtr entry)
    {
        private readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> call =
            (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)entry;

        public void Invoke(in Job j) =>
            call(RowMajor, j.TransA ? Trans : NoTrans, j.TransB ? Trans : NoTrans, j.M, j.N, j.K, 1f, j.A, j.Lda, j.B, j.Ldb, 0f, j.C, j.Ldc);
    }

    /// <summary>One product C = op(A) op(B), row-major, or the block of it that one thread computes.</summary>
    private struct Job
    {
        public Sgemm Sgemm;
        public float* A, B, C;
        public int M, N, K, Lda, Ldb, Ldc;
        public bool TransA, TransB;

        /// <summary>Block <paramref name="index"/> of <paramref name="count"/>: a range of C's rows, or of its columns when it is wider than tall.</summary>
        public readonly Job Block(int index, int count)
        {
            var block = this;
            if (M >= N)
            {
                (int from, block.M) = Share(M, index, count);
                block.A += TransA ? from : (long)from * Lda;
                block.C += (long)from * Ldc;
            }
            else
            {
                (int from, block.N) = Share(N, index, count);
                block.B += TransB ? (long)from * Ldb : from;
                block.C += from;
            }
            return block;
        }

        // Part index of count near-equal parts of 0 .. total: its first index and its length.
        private static (int From, int Length) Share(int total, int index, int count)
        {
            int from = (int)((long)total * index / count);
            return (from, (int)((long)total * (index + 1) / count) - from);
        }
    }

    // The names Debian's packages install (the pthread, OpenMP and serial builds all provide libopenblas.so.0).
    private static readonly string[] LibraryNames = ["libopenblas.so.0", "libopenblas.so"];
    private static readonly Lazy<Api?> api = new(Load);

    /// <summary>Whether the library was found with the functions used here, and LibTorch's OpenMP threads to run it on.</summary>
    public static bool Available => api.Value is not null;

    /// <summary>The kernels OpenBLAS chose for this CPU (e.g. Cooperlake, SkylakeX, Haswell), or null without the library.</summary>
    public static string? CoreName => api.Value?.CoreName;

    /// <summary>
    /// op(<paramref name="a"/>) x op(<paramref name="b"/>) for contiguous float32 CPU matrices, op transposing when asked:
    /// a new [m, n] tensor, as <c>torch.mm</c> computes it up to the order of the sums.
    /// </summary>
    public static Tensor MatMul(Tensor a, bool transposeA, Tensor b, bool transposeB)
    {
        var lib = api.Value ?? throw new InvalidOperationException("OpenBLAS is not available.");
        Check(a); Check(b);
        long m = a.shape[transposeA ? 1 : 0], k = a.shape[transposeA ? 0 : 1];
        long n = b.shape[transposeB ? 0 : 1];
        if (b.shape[transposeB ? 1 : 0] != k) throw new ArgumentException($"Shapes {Shape(a)} and {Shape(b)} do not multiply.");
        if (Math.Max(Math.Max(m, n), k) > int.MaxValue) throw new ArgumentException("A matrix side beyond 2^31 - 1.");
        var c = empty(m, n, ScalarType.Float32, device: CPU);
        if (m == 0 || n == 0) return c;
        if (k == 0) return c.zero_();
        var job = new Job
        {
            Sgemm = lib.Sgemm, A = Data(a), B = Data(b), C = Data(c), M = (int)m, N = (int)n, K = (int)k,
            Lda = (int)a.shape[1], Ldb = (int)b.shape[1], Ldc = (int)n, TransA = transposeA, TransB = transposeB,
        };
        int threads = get_num_threads();
        if (threads > 1 && (double)m * n * k >= TeamWork) OpenMpTeam.Run(&Work, &job, threads);
        else job.Sgemm.Invoke(job);
        GC.KeepAlive(a); GC.KeepAlive(b);
        return c;
    }

    [UnmanagedCallersOnly]
    private static void Work(void* job)
    {
        var (index, count) = OpenMpTeam.Position();
        var block = ((Job*)job)->Block(index, count);
        if (block.M > 0 && block.N > 0) block.Sgemm.Invoke(block);
    }

    private static void Check(Tensor t)
    {
        if (t.dim() != 2 || t.dtype != ScalarType.Float32 || !ComputeDevice.IsCpu(t.device) || !t.is_contiguous())
            throw new ArgumentException($"OpenBLAS multiplies contiguous float32 CPU matrices, not {t.dtype} {Shape(t)} on {t.device}.");
    }

    private static string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";

    private static float* Data(Tensor t) => (float*)TensorData(t.Handle);

    private static Api? Load()
    {
        if (!OperatingSystem.IsLinux() || !OpenMpTeam.Available) return null;
        foreach (var name in LibraryNames)
        {
            if (!NativeLibrary.TryLoad(name, out var handle)) continue;
            if (NativeLibrary.TryGetExport(handle, "cblas_sgemm", out var sgemm)
                && NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out var setThreads)
                && NativeLibrary.TryGetExport(handle, "openblas_get_corename", out var coreName))
            {
                var core = Marshal.PtrToStringAnsi(((delegate* unmanaged<IntPtr>)coreName)()) ?? "unknown";
                ((delegate* unmanaged<int, void>)setThreads)(1); // each call runs on the thread that makes it
                return new Api(new Sgemm(sgemm), core.Trim());
            }
            NativeLibrary.Free(handle);
        }
        return null;
    }

    // TorchSharp's own export: the address of a tensor's first element (its storage offset included).
    [DllImport("LibTorchSharp", EntryPoint = "THSTensor_data")]
    private static extern IntPtr TensorData(IntPtr tensor);
}
