using System.Runtime.InteropServices;
using Moby.Nn;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Nn;

public class NativeHeapTests
{
    /// <summary>A tensor larger than glibc's largest mmap threshold, made on a worker thread (another malloc arena than the
    /// main thread's), comes from the heap, not from a fresh mapping the kernel would have to zero (by default it would).</summary>
    [Fact]
    public async Task LargeTensorsComeFromTheHeapOnAnyThread()
    {
        NativeHeap.ReuseFreedMemory();
        var (mapped, values) = await Task.Run(() =>
        {
            long before = MappedBlocks();
            using var big = ones(12_000_000); // 48 MB: above glibc's largest mmap threshold, within a thread arena's heap
            return (MappedBlocks() - before, big.sum().item<float>());
        });
        Assert.Equal(12_000_000f, values);
        Assert.Equal(0, mapped);
    }

    private static long MappedBlocks() => (long)MallInfo2().hblks;

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo
    {
        public nuint arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;
    }

    [DllImport("libc.so.6", EntryPoint = "mallinfo2")]
    private static extern MallInfo MallInfo2();
}
