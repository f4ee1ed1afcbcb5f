using Moby.Config;
using Xunit;

namespace Moby.Tests.Config;

/// <summary>Values outside their range are refused when the configuration is loaded, naming where, the key and the range.</summary>
public class ConfigRulesTests
{
    [Theory]
    // learning rates, decay, clipping
    [InlineData("TRAIN.BASE_LR", "-1", "> 0")]
    [InlineData("TRAIN.BASE_LR", "0", "> 0")]
    [InlineData("TRAIN.MIN_LR", "-1e-6", ">= 0")]
    [InlineData("TRAIN.WEIGHT_DECAY", "-0.05", ">= 0")]
    [InlineData("TRAIN.CLIP_GRAD", "-5", ">= 0")]
    [InlineData("TRAIN.OPTIMIZER.EPS", "0", "in (0, 1]")]
    [InlineData("TRAIN.OPTIMIZER.BETAS", "[0.9, 1.0]", "a list of 2 numbers, each in [0, 1)")]
    [InlineData("TRAIN.OPTIMIZER.BETAS", "[0.9]", "a list of 2 numbers")]
    // counts and sizes
    [InlineData("TRAIN.EPOCHS", "0", "in [1, 100000]")]
    [InlineData("DATA.BATCH_SIZE", "-3", "in [1, 65536]")]
    [InlineData("DATA.IMG_SIZE", "1000000", "in [1, 4096]")]
    [InlineData("TRAIN.ACCUMULATION_STEPS", "-1", "in [0, 1024]")]
    [InlineData("MODEL.MOBY.CONTRAST_NUM_NEGATIVE", "0", "in [1, 1048576]")]
    [InlineData("MOBYNET.MOBY.INNER_DIM", "0", "in [1, 65536]")]
    [InlineData("SAVE_FREQ", "0", "in [1, 100000]")]
    [InlineData("PRINT_FREQ", "0", "in [1, 1000000]")]
    [InlineData("MOBYNET.KEEP_CHECKPOINTS", "0", "in [1, 1000]")]
    [InlineData("MOBYNET.THREADS", "-3", "in [0, 1024]")]
    [InlineData("MOBYNET.MAX_MINUTES", "-5", ">= 0")]
    [InlineData("MOBYNET.KNN_BANK_SAMPLES", "0", "in [1, 10000000]")]
    // architecture
    [InlineData("MODEL.SWIN.WINDOW_SIZE", "0", "in [1, 256]")]
    [InlineData("MODEL.SWIN.EMBED_DIM", "100000", "in [1, 16384]")]
    [InlineData("MODEL.SWIN.MLP_RATIO", "0", "in (0, 64]")]
    [InlineData("MODEL.SWIN.DEPTHS", "[2, 0]", "each in [1, 64]")]
    [InlineData("MODEL.SWIN.DEPTHS", "[]", "a list of 1 to 8 numbers")]
    [InlineData("MODEL.SWIN.NUM_HEADS", "[1, 1, 1, 1, 1, 1, 1, 1, 1]", "a list of 1 to 8 numbers")]
    [InlineData("MOBYNET.VIT.DEPTH", "0", "in [1, 256]")]
    [InlineData("MODEL.MOBY.PROJ_NUM_LAYERS", "-1", "in [0, 16]")]
    // MoBY: temperature, momentum, drop path
    [InlineData("MODEL.MOBY.CONTRAST_TEMPERATURE", "0", "in (0, 100]")]
    [InlineData("MODEL.MOBY.CONTRAST_MOMENTUM", "1.5", "in [0, 1]")]
    [InlineData("MODEL.MOBY.ONLINE_DROP_PATH_RATE", "1", "in [0, 1)")]
    [InlineData("MODEL.MOBY.TARGET_DROP_PATH_RATE", "-0.1", "in [0, 1)")]
    // augmentation: crop scales, ratios, probabilities, jitter, blur
    [InlineData("AUG.SSL_AUG_CROP", "0", "in (0, 1]")]
    [InlineData("MOBYNET.AUG.CROP_SCALE_MAX", "1.5", "in (0, 1]")]
    [InlineData("MOBYNET.AUG.CROP_RATIO", "[1.3, 0.75]", "low <= high")]
    [InlineData("MOBYNET.AUG.FLIP_P", "[0.5]", "a list of 2 numbers, each in [0, 1]")]
    [InlineData("MOBYNET.AUG.BLUR_P", "[0.5, 1.5]", "each in [0, 1]")]
    [InlineData("MOBYNET.AUG.SOLARIZE_P", "[-0.1, 0.2]", "each in [0, 1]")]
    [InlineData("MOBYNET.AUG.HUE", "0.6", "in [0, 0.5]")]
    [InlineData("MOBYNET.AUG.BRIGHTNESS", "-0.4", ">= 0")]
    [InlineData("MOBYNET.AUG.BLUR_SIGMA", "[2.0, 0.1]", "low <= high")]
    [InlineData("MOBYNET.AUG.BLUR_SIGMA", "[0, 2.0]", "each > 0")]
    [InlineData("MOBYNET.EVAL_CROP_RATIO", "0", "in (0, 1]")]
    // names pre-training supports
    [InlineData("TRAIN.OPTIMIZER.NAME", "sgd", "'adamw'")]
    [InlineData("TRAIN.LR_SCHEDULER.NAME", "step", "'cosine'")]
    public void OutOfRangeValueIsRefusedWithKeyRangeAndValue(string key, string value, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigTree.Load(null, [$"{key}={value}"]));
        Assert.StartsWith($"--opt {key}={value}: '{key}' must be ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    /// <summary>MODEL.NAME and TAG are folders of the run folder's path: '../../tmp/evil' wrote the run outside OUTPUT.</summary>
    [Theory]
    [InlineData("MODEL.NAME", "../../tmp/evil")]
    [InlineData("MODEL.NAME", "..")]
    [InlineData("MODEL.NAME", ".")]
    [InlineData("MODEL.NAME", "")]
    [InlineData("MODEL.NAME", "/tmp/evil")]
    [InlineData("MODEL.NAME", "a\\b")]
    [InlineData("MODEL.NAME", "a\u001b[2Jb")]
    [InlineData("TAG", "../x")]
    [InlineData("TAG", "..")]
    [InlineData("TAG", "a\nb")]
    public void ARunFolderNameThatIsNotOnePlainFolderIsRefused(string key, string value)
    {
        string path = ConfigFiles.Write(key == "TAG" ? $"TAG: \"{Escape(value)}\"\n" : $"MODEL:\n  NAME: \"{Escape(value)}\"\n");
        var error = Assert.Throws<ConfigException>(() => ConfigTree.Load(path));
        Assert.StartsWith($"{path}:", error.Message);
        Assert.Contains($"'{key}' must be one plain folder name", error.Message);
        Assert.DoesNotContain(error.Message, c => char.IsControl(c));
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\u001b", "\\e").Replace("\n", "\\n");

    [Theory]
    [InlineData("moby__swin_tiny__patch4_window7_224__odpr02")]
    [InlineData("run.v2 (copy)")]
    [InlineData("...x")]
    public void PlainFolderNamesPass(string name) => ConfigTree.Load(null, [$"MODEL.NAME={name}", $"TAG={name}"]);

    /// <summary>A value of a megabyte, or a list of a thousand values, is shown cut short on one line.</summary>
    [Fact]
    public void AHugeValueIsShownShortOnOneLine()
    {
        string name = ConfigFiles.Write($"MODEL:\n  NAME: {new string('x', 900_000)}\n");
        string error = Assert.Throws<ConfigException>(() => ConfigTree.Load(name)).Message;
        Assert.Contains("'MODEL.NAME' must be one plain folder name", error);
        Assert.True(error.Length < 500, $"{error.Length} characters");

        string depths = ConfigFiles.Write($"MODEL:\n  SWIN:\n    DEPTHS: [{string.Join(", ", Enumerable.Repeat(1000, 1000))}]\n");
        error = Assert.Throws<ConfigException>(() => ConfigTree.Load(depths)).Message;
        Assert.Equal($"{depths}:3: 'MODEL.SWIN.DEPTHS' must be a list of 1 to 8 numbers, each in [1, 64], got [1000, 1000, 1000, ...] (1000 values).", error);
    }

    [Fact]
    public void RelationBetweenKeysNamesBothValues()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigTree.Load(null, ["MOBYNET.AUG.CROP_SCALE_MAX=0.05"]));
        Assert.Equal("--opt MOBYNET.AUG.CROP_SCALE_MAX=0.05: 'AUG.SSL_AUG_CROP' must be at most MOBYNET.AUG.CROP_SCALE_MAX, got 0.08 " +
                     "(MOBYNET.AUG.CROP_SCALE_MAX is 0.05).", error.Message);
        Assert.Contains("'AUG.SSL_AUG_CROP' must be at most MOBYNET.AUG.CROP_SCALE_MAX, got 0.6 (MOBYNET.AUG.CROP_SCALE_MAX is 0.5)",
                        Assert.Throws<ConfigException>(() => ConfigTree.Load(null, ["MOBYNET.AUG.CROP_SCALE_MAX=0.5", "AUG.SSL_AUG_CROP=0.6"])).Message);
    }

    [Fact]
    public void RefusalInAFileNamesFileAndLine()
    {
        string path = ConfigFiles.Write("MODEL:\n  MOBY:\n    CONTRAST_TEMPERATURE: 0\n");
        var error = Assert.Throws<ConfigException>(() => ConfigTree.Load(path));
        Assert.Equal($"{path}:3: 'MODEL.MOBY.CONTRAST_TEMPERATURE' must be in (0, 100], got 0.", error.Message);
    }

    [Fact]
    public void RefusalInACheckpointConfigNamesTheCheckpoint()
    {
        var config = new Dictionary<string, object?> { ["TRAIN"] = new Dictionary<string, object?> { ["BASE_LR"] = -1.0 } };
        var error = Assert.Throws<ConfigException>(() => ConfigTree.FromDictionary(config, "run/checkpoint.pth (config)"));
        Assert.StartsWith("run/checkpoint.pth (config): 'TRAIN.BASE_LR' must be > 0", error.Message);
    }

    [Theory]
    [InlineData("TRAIN.BASE_LR", "nan")]
    [InlineData("TRAIN.BASE_LR", "Infinity")]
    [InlineData("TRAIN.BASE_LR", "1e400")]
    [InlineData("MODEL.MOBY.CONTRAST_TEMPERATURE", "-Infinity")]
    public void NonFiniteNumbersAreRefused(string key, string value) =>
        Assert.Contains("a finite number", Assert.Throws<ConfigException>(() => ConfigTree.Load(null, [$"{key}={value}"])).Message);

    [Theory]
    [InlineData("DATA.BATCH_SIZE", "99999999999")]
    [InlineData("SEED", "-99999999999")]
    public void IntegersBeyondInt32AreRefusedAtLoad(string key, string value) =>
        Assert.Contains("an integer from", Assert.Throws<ConfigException>(() => ConfigTree.Load(null, [$"{key}={value}"])).Message);

    [Fact]
    public void DefaultsAndEveryShippedConfigPass()
    {
        ConfigRules.Check(ConfigTree.Defaults());
        foreach (var path in Directory.GetFiles(RepoFiles.Path("configs"), "*.yaml"))
            ConfigTree.Load(path);
    }

    [Fact]
    public void EveryRuleIsDocumentedWithItsRange()
    {
        string docs = File.ReadAllText(RepoFiles.Path("docs/configuration.md"));
        var missing = ConfigRules.All.GroupBy(r => r.Key)
            .Select(rules => $"| `{rules.Key}` | {string.Join("; ", rules.Select(r => r.Expected))} |")
            .Where(row => !docs.Contains(row)).ToList();
        Assert.True(missing.Count == 0, "docs/configuration.md lacks these rows:\n" + string.Join("\n", missing));
    }
}
