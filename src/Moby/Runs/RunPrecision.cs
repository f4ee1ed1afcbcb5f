using Moby.Nn;
using static TorchSharp.torch;

namespace Moby.Runs;

/// <summary>
/// The matrix-product precision of a pre-training run from MOBYNET.PRECISION. <c>auto</c> (the default) is the
/// device's fast choice for a new run (bf16 where the CPU has bf16 units, or on a GPU; else fp32) and the checkpoint's
/// precision for a resumed one, so a run keeps computing as it started even on another machine; <c>fp32</c> or
/// <c>bf16</c> is followed as written. Every departure from what the checkpoint recorded is said in one line.
/// </summary>
internal static class RunPrecision
{
    public static ScalarType Choose(string setting, Device device, ScalarType? resumed, Action<string> say)
    {
        var chosen = Precision.Parse(setting, device);
        bool auto = Precision.IsAuto(setting);
        if (resumed is not ScalarType trained)
        {
            if (auto && chosen == ScalarType.BFloat16)
                say($"Matrix products in bf16 with float32 weights, optimizer and norms, the fast choice on {Where(device)} (MOBYNET.PRECISION=fp32 for float32 products).");
            return chosen;
        }
        if (!auto)
        {
            if (chosen != trained) say($"The checkpoint trained with {Precision.Name(trained)} matrix products; continuing in {Precision.Name(chosen)}, as MOBYNET.PRECISION says.");
            return chosen;
        }
        if (chosen != trained)
            say(trained == ScalarType.BFloat16 && ComputeDevice.IsCpu(device)
                ? "The checkpoint trained with bf16 matrix products; this CPU has no bf16 units (avx512_bf16 or AMX), so they run emulated, slower than fp32. " +
                  "Continuing in bf16 to keep the run's numerics; MOBYNET.PRECISION=fp32 switches."
                : $"The checkpoint trained with {Precision.Name(trained)} matrix products; continuing so (MOBYNET.PRECISION={Precision.Name(chosen)} switches).");
        return trained;
    }

    private static string Where(Device device) => ComputeDevice.IsCpu(device) ? "this CPU, which has bf16 units" : device.ToString();
}
