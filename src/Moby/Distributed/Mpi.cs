using System.Runtime.InteropServices;

namespace Moby.Distributed;

/// <summary>
/// The few MPI calls data parallelism needs, bound to Open MPI's libmpi.so.40 (Debian 12's openmpi-bin /
/// libopenmpi-dev); MPI.NET's package binds only Microsoft MPI. Open MPI's handles (MPI_COMM_WORLD, MPI_FLOAT,
/// MPI_SUM) are the addresses of global objects in the library, looked up by name.
/// </summary>
internal static partial class Mpi
{
    private const string Library = "libmpi.so.40";
    private const int RtldNow = 2, RtldGlobal = 0x100;

    /// <summary>MPI_IN_PLACE in Open MPI's mpi.h.</summary>
    public static readonly IntPtr InPlace = 1;

    private static IntPtr handle;

    public static IntPtr CommWorld { get; private set; }
    public static IntPtr Byte { get; private set; }
    public static IntPtr Float { get; private set; }
    public static IntPtr Double { get; private set; }
    public static IntPtr Int64 { get; private set; }
    public static IntPtr Sum { get; private set; }

    /// <summary>
    /// Loads libmpi with RTLD_GLOBAL before any call: Open MPI dlopens its own plugins, which need libmpi's
    /// symbols (NativeLibrary.Load would load it RTLD_LOCAL). Later P/Invokes find the already loaded library.
    /// </summary>
    public static void Load()
    {
        if (handle != IntPtr.Zero) return;
        handle = DlOpen(Library, RtldNow | RtldGlobal);
        if (handle == IntPtr.Zero)
            throw new DllNotFoundException($"Running under mpirun but {Library} does not load ({Marshal.PtrToStringUTF8(DlError())}); " +
                                           "install Open MPI: apt-get install openmpi-bin libopenmpi-dev");
        CommWorld = Symbol("ompi_mpi_comm_world");
        Byte = Symbol("ompi_mpi_byte");
        Float = Symbol("ompi_mpi_float");
        Double = Symbol("ompi_mpi_double");
        Int64 = Symbol("ompi_mpi_int64_t");
        Sum = Symbol("ompi_mpi_op_sum");
    }

    private static IntPtr Symbol(string name) => NativeLibrary.GetExport(handle, name);

    /// <summary>Throws on an MPI error code (Open MPI's default handler aborts first; this catches handlers set otherwise).</summary>
    public static void Check(int code, string call)
    {
        if (code != 0) throw new InvalidOperationException($"{call} failed with MPI error {code}.");
    }

    [LibraryImport("libc.so.6", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr DlOpen(string file, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "dlerror")]
    private static partial IntPtr DlError();

    [LibraryImport(Library)] public static partial int MPI_Init(IntPtr argc, IntPtr argv);
    [LibraryImport(Library)] public static partial int MPI_Finalize();
    [LibraryImport(Library)] public static partial int MPI_Comm_rank(IntPtr comm, out int rank);
    [LibraryImport(Library)] public static partial int MPI_Comm_size(IntPtr comm, out int size);
    [LibraryImport(Library)] public static partial int MPI_Allreduce(IntPtr send, IntPtr receive, int count, IntPtr type, IntPtr op, IntPtr comm);
    [LibraryImport(Library)] public static partial int MPI_Allgather(IntPtr send, int sendCount, IntPtr sendType, IntPtr receive, int receiveCount, IntPtr receiveType, IntPtr comm);
    [LibraryImport(Library)] public static partial int MPI_Bcast(IntPtr buffer, int count, IntPtr type, int root, IntPtr comm);
    [LibraryImport(Library)] public static partial int MPI_Barrier(IntPtr comm);
    [LibraryImport(Library)] public static partial int MPI_Abort(IntPtr comm, int errorCode);
}
