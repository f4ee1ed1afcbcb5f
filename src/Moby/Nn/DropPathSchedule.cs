namespace Moby.Nn;

/// <summary>Stochastic depth rates growing linearly over blocks, as torch.linspace(0, rate, depth) in timm and Swin.</summary>
internal static class DropPathSchedule
{
    public static double[] Linear(double rate, int depth) =>
        Enumerable.Range(0, depth).Select(i => depth == 1 ? 0.0 : rate * i / (depth - 1)).ToArray();
}
