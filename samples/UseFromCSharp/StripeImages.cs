using SkiaSharp;

/// <summary>A tiny labelled image set for the sample: noisy horizontal and vertical stripes, in the imagefolder layout.</summary>
static class StripeImages
{
    public static string Write(string root, int trainPerClass = 24, int valPerClass = 8)
    {
        var random = new Random(0);
        foreach (var (split, count) in new[] { ("train", trainPerClass), ("val", valPerClass) })
            foreach (var direction in new[] { "horizontal", "vertical" })
            {
                string folder = Directory.CreateDirectory(Path.Combine(root, split, direction)).FullName;
                for (int i = 0; i < count; i++)
                    File.WriteAllBytes(Path.Combine(folder, $"{i:D3}.png"), Stripes(direction == "vertical", random));
            }
        return root;
    }

    private static byte[] Stripes(bool vertical, Random random)
    {
        int period = random.Next(4, 9), phase = random.Next(period);
        byte level = (byte)random.Next(180, 256);
        var ink = new SKColor(level, level, level);
        using var bitmap = new SKBitmap(32, 32);
        for (int y = 0; y < 32; y++)
            for (int x = 0; x < 32; x++)
            {
                bool on = ((vertical ? x : y) + phase) % period < period / 2;
                byte noise = (byte)random.Next(40);
                bitmap.SetPixel(x, y, on ? ink : new SKColor(noise, noise, noise));
            }
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
