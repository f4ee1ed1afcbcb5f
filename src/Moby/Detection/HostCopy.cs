using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>Small tensors (boxes, scores, RoIs) copied to managed arrays for the loops that run on the CPU.</summary>
internal static class HostCopy
{
    public static float[] Floats(Tensor t)
    {
        if (t.numel() == 0) return [];
        using var cpu = t.detach().to(ScalarType.Float32, CPU).contiguous();
        return cpu.data<float>().ToArray();
    }

    public static long[] Longs(Tensor t)
    {
        if (t.numel() == 0) return [];
        using var cpu = t.detach().to(ScalarType.Int64, CPU).contiguous();
        return cpu.data<long>().ToArray();
    }
}
