namespace Moby.Data;

/// <summary>
/// ToTensor then Normalize: v / 255 then (x - mean) / std per channel, in float32 like torchvision, written as CHW.
/// A 256-entry table per channel makes it one lookup per value.
/// </summary>
internal sealed class Normalize
{
    readonly float[][] tables;

    public Normalize(ChannelStats stats)
    {
        tables = new float[stats.Channels][];
        for (int c = 0; c < stats.Channels; c++)
        {
            float mean = stats.Mean[c], std = stats.Std[c];
            tables[c] = Enumerable.Range(0, 256).Select(v => (v / 255f - mean) / std).ToArray();
        }
    }

    public int Channels => tables.Length;

    public void ToChw(ImageBuffer image, Span<float> chw)
    {
        if (image.Channels != Channels)
            throw new ArgumentException($"{image.Channels}-channel image, {Channels}-channel normalisation");
        int plane = image.Width * image.Height, c = Channels;
        var p = image.Pixels;
        for (int ch = 0; ch < c; ch++)
        {
            var table = tables[ch];
            var dst = chw.Slice(ch * plane, plane);
            for (int i = 0, at = ch; i < plane; i++, at += c)
                dst[i] = table[p[at]];
        }
    }
}
