namespace Moby.Data;

/// <summary>Per-channel mean and standard deviation of pixel values scaled to [0, 1], used to normalise.</summary>
internal sealed record ChannelStats(float[] Mean, float[] Std)
{
    public static ChannelStats ImageNet { get; } = new([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);
    public static ChannelStats Mnist { get; } = new([0.1307f], [0.3081f]);
    public static ChannelStats FashionMnist { get; } = new([0.2860f], [0.3530f]);

    public int Channels => Mean.Length;
}
