using System.Text;
using System.Text.Json;
using Moby.Interop;

namespace Moby.Data.Segmentation;

/// <summary>
/// The Fashion-MNIST scenes: a segmentation (and instance) benchmark built from real images. Each canvas composes 1 to
/// <see cref="SceneOptions.MaxObjects"/> garments (training scenes only from Fashion-MNIST's train split, validation
/// scenes only from its test split), rescaled and placed at random, later ones covering earlier ones by their mask; a
/// pixel's label is its garment's class + 1 (0 = background). Written in the ADE20K layout
/// (<c>images/{training,validation}</c>, <c>annotations/{training,validation}</c>, 8-bit grayscale PNGs) with a
/// <c>classes.txt</c>, COCO-style <c>instances_{training,validation}.json</c> and <c>statistics.json</c>. Every random draw
/// follows from (seed, split, scene index), so one seed always writes the same bytes.
/// </summary>
public static class FashionScenes
{
    private const long Purpose = -21;

    /// <summary>Generates the scenes into <paramref name="output"/> and returns the statistics of each split.</summary>
    /// <param name="fashionMnist">The Fashion-MNIST folder (IDX files).</param>
    public static IReadOnlyList<SceneStatistics> Write(string fashionMnist, string output, SceneOptions options)
    {
        options.Validate();
        // Both splits read before the output is made: a missing or damaged Fashion-MNIST leaves no folder behind.
        using var train = Idx.OpenFashionMnist(fashionMnist, DataSplit.Train);
        using var test = Idx.OpenFashionMnist(fashionMnist, DataSplit.Test);
        using var folder = OutputFolder.Create(output);
        var classes = new[] { "background" }.Concat(Idx.FashionClasses).ToArray();
        var statistics = new List<SceneStatistics>
        {
            WriteSplit(train, DataSplit.Train, "training", options.Train, output, options, classes),
            WriteSplit(test, DataSplit.Test, "validation", options.Val, output, options, classes),
        };
        AtomicFile.Write(Path.Combine(output, SegmentationSource.ClassesFile), s => s.Write(Encoding.UTF8.GetBytes(string.Join("\n", classes) + "\n")));
        AtomicFile.Write(Path.Combine(output, "statistics.json"), stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            foreach (var s in statistics)
            {
                json.WritePropertyName(s.Split);
                s.Write(json);
            }
            json.WriteEndObject();
        });
        return statistics;
    }

    private static SceneStatistics WriteSplit(BinaryDataset garments, DataSplit split, string name, int count, string output,
                                              SceneOptions options, string[] classes)
    {
        string images = Path.Combine(output, "images", name), annotations = Path.Combine(output, "annotations", name);
        Directory.CreateDirectory(images);
        Directory.CreateDirectory(annotations);
        var statistics = new SceneStatistics(name, classes);
        var coco = new CocoInstances(Idx.FashionClasses);
        for (int i = 0; i < count; i++)
        {
            var rng = SplitMix.For(options.Seed, (long)split, i, Purpose);
            var scene = Scene.Compose(garments, options, ref rng);
            string file = $"{i:D6}.png";
            AtomicFile.Write(Path.Combine(images, file), s => s.Write(LabelPng.Encode(scene.Image, options.Size, options.Size)));
            AtomicFile.Write(Path.Combine(annotations, file), s => s.Write(LabelPng.Encode(scene.Labels)));
            coco.Add(file, scene, options.MinArea);
            statistics.Add(scene, options.MinArea);
        }
        AtomicFile.Write(Path.Combine(output, $"instances_{name}.json"), coco.Write);
        return statistics;
    }
}
