using Moby.Config;
using Moby.Data;
using Moby.Finetune;

namespace Moby.Runs;

/// <summary>The fine-tuning recipe (<see cref="FinetuneSettings"/>) of a configuration tree, whose values <see cref="ConfigRules"/> has checked.</summary>
internal static class FinetuneRecipe
{
    public static FinetuneSettings From(ConfigTree tree)
    {
        double smoothing = tree.Double("MODEL.LABEL_SMOOTHING");
        return new FinetuneSettings
        {
            Training = TrainingRecipe.From(tree),
            LayerDecay = tree.Double("FINETUNE.LAYER_DECAY"),
            DropPath = tree.Double("MODEL.DROP_PATH_RATE"),
            LabelSmoothing = smoothing,
            Mixup = new Mixup(tree.Double("AUG.MIXUP"), tree.Double("AUG.CUTMIX"), tree.Double("AUG.MIXUP_PROB"), tree.Double("AUG.MIXUP_SWITCH_PROB"), smoothing),
            CropScaleMin = tree.Doubles("FINETUNE.CROP_SCALE")[0],
            CropScaleMax = tree.Doubles("FINETUNE.CROP_SCALE")[1],
            FlipP = tree.Double("FINETUNE.FLIP_P"),
            Labels = LabelFraction.Parse(tree.String("FINETUNE.LABELS")),
            HeldOut = tree.Int("FINETUNE.HELD_OUT"),
            HeldOutEvery = tree.Int("FINETUNE.HELD_OUT_EVERY"),
            LabelSeed = tree.Int("FINETUNE.LABEL_SEED"),
            FromScratch = tree.Bool("FINETUNE.FROM_SCRATCH"),
        };
    }

    /// <summary>
    /// The training images' augmentation: random resized crop (the pre-training pipeline's aspect-ratio range, torchvision's
    /// 3/4..4/3 by default) and flip, every other step of the two-view pipeline off.
    /// </summary>
    public static SslAugmentationOptions Augmentation(FinetuneSettings settings, int size)
    {
        var view = new ViewOptions { FlipP = settings.FlipP, ColorJitterP = 0, GrayscaleP = 0, BlurP = 0, SolarizeP = 0 };
        return TrainingData.Augmentation(ConfigTree.Defaults(), size) with
        {
            ScaleMin = settings.CropScaleMin, ScaleMax = settings.CropScaleMax, View1 = view, View2 = view,
        };
    }
}
