using Moby.Config;
using Moby.Data;
using Moby.Interop;
using static TorchSharp.torch;
using Moby.Training;

namespace Moby.Runs;

/// <summary>The two-view training source named by MOBYNET.DATA, with the augmentation of MOBYNET.AUG / AUG.SSL_AUG_CROP.</summary>
internal static class TrainingData
{
    /// <param name="device">Where the model trains: the batches are moved there ahead of use (null: the CPU).</param>
    public static ITwoViewSource Open(ConfigTree tree, TrainingSettings settings, int rank = 0, int worldSize = 1, Action<string>? warn = null,
                                      Device? device = null)
    {
        int size = tree.Int("DATA.IMG_SIZE"), channels = InChans(tree);
        var source = Source(tree, size);
        if (source.Kind == DataSourceKind.Synthetic)
            return new SyntheticSource(settings.BatchSize, channels, size, source.SyntheticImages / settings.BatchSize / worldSize, settings.Seed + rank, device);
        // Pre-training uses no labels: the unlabeled split where a data set has one (STL-10, flat folders), else train.
        var dataset = source.Open(source.Splits.Contains(DataSplit.Unlabeled) ? DataSplit.Unlabeled : DataSplit.Train);
        if (dataset.Channels != channels)
            throw new ConfigException($"{ShownNames.Path(source.ToString())} has {dataset.Channels}-channel images but the encoder takes {channels} " +
                                      $"(set MODEL.SWIN.IN_CHANS or MOBYNET.VIT.IN_CHANS to {dataset.Channels}).");
        var transform = new TwoViewTransform(Augmentation(tree, size), dataset.Stats);
        int workers = tree.Int("MOBYNET.WORKERS");
        return new BatchLoader(dataset, transform, new LoaderOptions
        {
            BatchSize = settings.BatchSize, Seed = settings.Seed, Rank = rank, WorldSize = worldSize, DropLast = true,
            Workers = workers > 0 ? workers : Environment.ProcessorCount, Strict = tree.Bool("MOBYNET.STRICT_DATA"), Warn = warn, Device = device,
        });
    }

    /// <summary>The data source MOBYNET.DATA names, its image files decoded for <paramref name="targetSize"/>.</summary>
    public static DataSource Source(ConfigTree tree, int targetSize) =>
        DataSource.Parse(tree.String("MOBYNET.DATA")) with { Decoding = Decoding(tree, targetSize) };

    /// <summary>Image files within MOBYNET.MAX_IMAGE_PIXELS, for a consumer that crops or resizes to <paramref name="targetSize"/>.</summary>
    public static ImageDecodeOptions Decoding(ConfigTree tree, int targetSize)
        => new() { MaxPixels = tree.Int("MOBYNET.MAX_IMAGE_PIXELS"), TargetSize = targetSize };

    public static SslAugmentationOptions Augmentation(ConfigTree tree, int size)
    {
        ViewOptions View(int v) => new()
        {
            FlipP = tree.Doubles("MOBYNET.AUG.FLIP_P")[v], ColorJitterP = tree.Doubles("MOBYNET.AUG.COLOR_JITTER_P")[v],
            GrayscaleP = tree.Doubles("MOBYNET.AUG.GRAYSCALE_P")[v], BlurP = tree.Doubles("MOBYNET.AUG.BLUR_P")[v],
            SolarizeP = tree.Doubles("MOBYNET.AUG.SOLARIZE_P")[v],
        };
        return new SslAugmentationOptions
        {
            Size = size,
            ScaleMin = tree.Double("AUG.SSL_AUG_CROP"), ScaleMax = tree.Double("MOBYNET.AUG.CROP_SCALE_MAX"),
            RatioMin = tree.Doubles("MOBYNET.AUG.CROP_RATIO")[0], RatioMax = tree.Doubles("MOBYNET.AUG.CROP_RATIO")[1],
            ColorJitter = new ColorJitterOptions(tree.Double("MOBYNET.AUG.BRIGHTNESS"), tree.Double("MOBYNET.AUG.CONTRAST"),
                                                 tree.Double("MOBYNET.AUG.SATURATION"), tree.Double("MOBYNET.AUG.HUE")),
            BlurSigmaMin = tree.Doubles("MOBYNET.AUG.BLUR_SIGMA")[0], BlurSigmaMax = tree.Doubles("MOBYNET.AUG.BLUR_SIGMA")[1],
            View1 = View(0), View2 = View(1),
        };
    }

    public static int InChans(ConfigTree tree) => ModelConfigs.Encoder(tree).InChans;
}
