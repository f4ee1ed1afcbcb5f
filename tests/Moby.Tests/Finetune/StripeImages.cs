using Moby.Config;
using Moby.Data;
using Moby.Tests.Data;
using SkiaSharp;

namespace Moby.Tests.Finetune;

/// <summary>
/// A small labelled image folder the tests write: 32 px RGB PNGs of horizontal stripes, vertical stripes and checkers,
/// each at a random phase with noise, in train/ and val/; and the fine-tuning configuration of a tiny run on it.
/// </summary>
internal static class StripeImages
{
    public static readonly string[] Classes = ["checker", "horizontal", "vertical"];

    /// <summary>Writes the folder: <paramref name="train"/> and <paramref name="val"/> images per class.</summary>
    public static string Write(int train = 24, int val = 8, int seed = 0)
    {
        string root = Directory.CreateTempSubdirectory("moby-test-").FullName;
        var random = new Random(seed);
        foreach (var (split, count) in new[] { ("train", train), ("val", val) })
            foreach (var name in Classes)
            {
                string folder = Directory.CreateDirectory(Path.Combine(root, split, name)).FullName;
                for (int i = 0; i < count; i++)
                    File.WriteAllBytes(Path.Combine(folder, $"{i:D3}.png"), ImageDecoderTests.Encode(Image(name, random), SKEncodedImageFormat.Png, 100));
            }
        return root;
    }

    public static DecodedImage Image(string name, Random random)
    {
        int px = random.Next(6), py = random.Next(6);
        var pixels = new byte[32 * 32 * 3];
        for (int y = 0; y < 32; y++)
            for (int x = 0; x < 32; x++)
            {
                bool on = name switch
                {
                    "horizontal" => (y + py) % 6 < 3,
                    "vertical" => (x + px) % 6 < 3,
                    _ => ((x + px) / 4 + (y + py) / 4) % 2 == 0,
                };
                byte level = (byte)((on ? 190 : 60) + random.Next(-30, 31));
                for (int c = 0; c < 3; c++) pixels[(y * 32 + x) * 3 + c] = level;
            }
        return DecodedImage.Create(pixels, 32, 32, 3);
    }

    public const string Model = "swin_micro_patch4_window8_32";

    /// <summary>A tiny fine-tuning run on <paramref name="root"/> from scratch: batch 8, 6 held-out images, no mixup.</summary>
    public static ConfigTree Tree(string root, string output, params string[] extra) => ConfigTree.Load(null,
    [
        "MODEL.NAME=tiny", ConfigTree.TextOption("OUTPUT", output), ConfigTree.TextOption("MOBYNET.DATA", "imagefolder:" + root), "DATA.BATCH_SIZE=8",
        "TRAIN.EPOCHS=8", "TRAIN.WARMUP_EPOCHS=1", "TRAIN.BASE_LR=0.2", "FINETUNE.HELD_OUT=6", "FINETUNE.HELD_OUT_EVERY=3", "FINETUNE.LAYER_DECAY=0.9", "FINETUNE.CROP_SCALE=[0.5, 1.0]",
        "MOBYNET.EVAL_CROP_RATIO=1.0", "MOBYNET.WORKERS=1", "AUG.MIXUP=0", "AUG.CUTMIX=0", "FINETUNE.FROM_SCRATCH=true", "MOBYNET.KNN_EVERY=0", "MOBYNET.PRECISION=fp32", .. extra,
    ]);
}
