using System.Diagnostics;
using Moby.Config;
using Moby.Data;
using Moby.Runs;
using SkiaSharp;

namespace Moby.Benchmarks;

/// <summary>
/// Throughput of the pretraining loader (decode + two augmented views + batch tensors) per worker count, for
/// (a) 224 px views of ~500x375 JPEG photos made here with SkiaSharp and (b) 28 px Fashion-MNIST.
/// </summary>
internal static class DataBenchmark
{
    public static IReadOnlyList<DataBenchmarkResult> Run(IReadOnlyList<int>? workerCounts = null, int jpegImages = 192,
        int fashionImages = 8192, Action<DataBenchmarkResult>? report = null)
    {
        workerCounts ??= Enumerable.Range(1, Environment.ProcessorCount).ToArray();
        var results = new List<DataBenchmarkResult>();
        var dir = Directory.CreateTempSubdirectory("moby-bench-").FullName;
        try
        {
            WriteJpegs(dir, jpegImages, 500, 375, seed: 1);
            using var photos = FlatFolder.Open(dir, DataSplit.Train);
            results.AddRange(Measure("224 px from 500x375 JPEG", photos, 224, jpegImages, workerCounts, report));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        if (Directory.Exists(DataSource.FashionMnistDefaultPath))
        {
            using var fashion = DataSource.Default.Open(DataSplit.Train);
            results.AddRange(Measure("28 px Fashion-MNIST", fashion, 28, fashionImages, workerCounts, report));
        }
        return results;
    }

    static IEnumerable<DataBenchmarkResult> Measure(string name, IImageDataset data, int size, int images, IReadOnlyList<int> workerCounts,
        Action<DataBenchmarkResult>? report)
    {
        var transform = new TwoViewTransform(TrainingData.Augmentation(ConfigTree.Defaults(), size), data.Stats);
        foreach (int workers in workerCounts)
        {
            var loader = new BatchLoader(data, transform, new LoaderOptions { BatchSize = 32, Workers = workers, Seed = 1 });
            Drain(loader, 0, 1); // warm-up: JIT, page cache, buffers
            var clock = Stopwatch.StartNew();
            int done = 0;
            for (int epoch = 1; done < images; epoch++)
                done += Drain(loader, epoch, (images - done + 31) / 32);
            var result = new DataBenchmarkResult(name, workers, done, clock.Elapsed.TotalSeconds);
            report?.Invoke(result);
            yield return result;
        }
    }

    static int Drain(BatchLoader loader, int epoch, int maxBatches)
    {
        int images = 0;
        foreach (var batch in loader.Epoch(epoch).Take(maxBatches))
        {
            images += batch.Count;
            batch.Dispose();
        }
        return images;
    }

    /// <summary>Photo-like JPEGs (gradients, shapes, sensor noise) at quality 90, so decoding costs what it would.</summary>
    public static void WriteJpegs(string dir, int count, int width, int height, int seed)
    {
        var rng = new SplitMix((ulong)seed);
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var canvas = new SKCanvas(bitmap);
        using var paint = new SKPaint { IsAntialias = true };
        for (int i = 0; i < count; i++)
        {
            using (var shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height),
                       [RandomColor(ref rng), RandomColor(ref rng)], SKShaderTileMode.Clamp))
            {
                paint.Shader = shader;
                canvas.DrawRect(0, 0, width, height, paint);
                paint.Shader = null;
            }
            for (int s = 0; s < 12; s++)
            {
                paint.Color = RandomColor(ref rng);
                canvas.DrawCircle((float)rng.Uniform(0, width), (float)rng.Uniform(0, height), (float)rng.Uniform(10, 120), paint);
            }
            AddNoise(bitmap, ref rng);
            using var image = SKImage.FromBitmap(bitmap);
            using var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 90);
            File.WriteAllBytes(Path.Combine(dir, $"photo{i:D4}.jpg"), jpeg.ToArray());
        }
    }

    static SKColor RandomColor(ref SplitMix rng) =>
        new((byte)rng.NextInt(256), (byte)rng.NextInt(256), (byte)rng.NextInt(256));

    static void AddNoise(SKBitmap bitmap, ref SplitMix rng)
    {
        var pixels = bitmap.GetPixelSpan();
        var noisy = new byte[pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
            noisy[i] = (i & 3) == 3 ? (byte)255 : (byte)Math.Clamp(pixels[i] + rng.NextInt(25) - 12, 0, 255);
        System.Runtime.InteropServices.Marshal.Copy(noisy, 0, bitmap.GetPixels(), noisy.Length);
    }
}
