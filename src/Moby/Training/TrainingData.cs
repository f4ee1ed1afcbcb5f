using Moby.Config;

namespace Moby.Training;

/// <summary>The two-view training source named by MOBYNET.DATA.</summary>
public static class TrainingData
{
    public static ITwoViewSource Open(ConfigTree tree, TrainingSettings settings)
    {
        string spec = tree.String("MOBYNET.DATA");
        int size = tree.Int("DATA.IMG_SIZE"), channels = InChans(tree);
        if (spec.StartsWith("synthetic", StringComparison.Ordinal))
        {
            int images = spec.Contains(':') ? int.Parse(spec[(spec.IndexOf(':') + 1)..]) : 1024;
            return new SyntheticSource(settings.BatchSize, channels, size, images / settings.BatchSize, settings.Seed);
        }
        throw new ConfigException($"MOBYNET.DATA: unknown data source '{spec}'.");
    }

    public static int InChans(ConfigTree tree) => ModelConfigs.Encoder(tree) switch
    {
        Backbones.Swin.SwinConfig swin => swin.InChans,
        Backbones.Vit.VitConfig vit => vit.InChans,
        _ => 3,
    };
}
