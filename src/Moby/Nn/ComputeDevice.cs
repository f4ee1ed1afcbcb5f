using System.Globalization;
using Moby.Interop;
using static TorchSharp.torch;
using TorchSharp;

namespace Moby.Nn;

/// <summary>
/// Where a model and its batches live, as MOBYNET.DEVICE or --device names it: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.
/// Models are built and initialised on the CPU, so that a seed gives the same weights on every device, then moved
/// once; every tensor made after that is made on the model's device (never by a factory call that would silently
/// land on the CPU), batches are moved there by the loader's workers ahead of use, and checkpoints are written from
/// CPU copies so that they load anywhere.
/// </summary>
internal static class ComputeDevice
{
    /// <summary>The device a name stands for; one clear line when the name is not one, or when LibTorch here cannot reach it.</summary>
    public static Device Parse(string name, string origin = "MOBYNET.DEVICE")
    {
        string text = name.Trim().ToLowerInvariant();
        if (text == "cpu") return CPU;
        int? index = text == "cuda" ? 0
            : text.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(text[5..], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n < 1024 ? n
            : null;
        if (index is not int gpu) throw new ArgumentException($"{origin} must be 'cpu', 'cuda' or 'cuda:N' (N = 0, 1, ...), got '{ShownNames.One(name)}'.");
        if (!cuda.is_available())
            throw new ArgumentException($"{origin} is '{ShownNames.One(name)}', but this LibTorch cannot use a GPU: Moby.NET is built with LibTorch for the CPU " +
                                        "unless built with -p:TorchBackend=cuda (README, 'GPUs'), and CUDA needs an NVIDIA GPU and driver; use 'cpu'.");
        if (gpu >= cuda.device_count())
            throw new ArgumentException($"{origin} is '{ShownNames.One(name)}', but CUDA sees {cuda.device_count()} GPU(s) (cuda:0 to cuda:{cuda.device_count() - 1}).");
        return new Device(DeviceType.CUDA, gpu);
    }

    /// <summary>The device of a module's parameters (the CPU for a module without any).</summary>
    public static Device Of(nn.Module module) => module.parameters().FirstOrDefault()?.device ?? CPU;

    public static bool IsCpu(Device device) => device.type == DeviceType.CPU;

    /// <summary>The tensor on <paramref name="device"/>, taking the place of the original (disposed when a copy was made).</summary>
    public static Tensor MoveTo(Tensor tensor, Device device)
    {
        if (tensor.device.type == device.type && tensor.device.index == device.index) return tensor;
        using (tensor) return tensor.to(device);
    }
}
