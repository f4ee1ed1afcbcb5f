using Moby.Data;

namespace Moby.Tests.Data;

/// <summary>Small in-memory images whose pixels encode their index; listed indices fail to decode.</summary>
internal sealed class FakeDataset(int count, int channels = 3, int size = 12, params int[] bad) : IImageDataset
{
    public int Count => count;
    public int Channels => channels;
    public int NumClasses => 4;
    public IReadOnlyList<string> ClassNames => ["a", "b", "c", "d"];
    public ChannelStats Stats => channels == 1 ? ChannelStats.FashionMnist : ChannelStats.ImageNet;

    public DecodedImage Load(int index)
    {
        if (bad.Contains(index))
            throw new ImageDecodeException(Describe(index), "broken on purpose");
        var pixels = Enumerable.Range(0, size * size * channels).Select(i => (byte)(index * 7 + i)).ToArray();
        return DecodedImage.Create(pixels, size, size, channels);
    }

    public int Label(int index) => index % 4;
    public string Describe(int index) => $"fake{index}.png";
    public void Dispose() { }
}
