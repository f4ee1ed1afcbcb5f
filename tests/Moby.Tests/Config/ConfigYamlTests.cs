using System.Text;
using Moby.Config;
using Xunit;

namespace Moby.Tests.Config;

/// <summary>Hostile YAML: what a config file or an --opt value can make the reader allocate or recurse into.</summary>
public class ConfigYamlTests
{
    /// <summary>"Billion laughs": nine levels of nine aliases, 9^9 strings once expanded, in a few hundred bytes.</summary>
    private static string AliasBomb()
    {
        var text = new StringBuilder("MODEL:\n  SWIN:\n    DEPTHS: [&a [lol, lol, lol, lol, lol, lol, lol, lol, lol]");
        for (char level = 'b'; level <= 'i'; level++)
            text.Append($", &{level} [{string.Join(", ", Enumerable.Repeat($"*{(char)(level - 1)}", 9))}]");
        return text.Append("]\n").ToString();
    }

    [Fact]
    public void AliasBombIsRefusedAtTheFirstAnchor()
    {
        string path = ConfigFiles.Write(AliasBomb());
        var error = Assert.Throws<ConfigException>(() => ConfigTree.Load(path));
        Assert.Contains($"{path}:3", error.Message);
        Assert.Contains("anchors", error.Message);
    }

    [Fact]
    public void AliasIsRefusedWithFileAndLine()
    {
        string path = ConfigFiles.Write("TRAIN:\n  EPOCHS: 3\n  WARMUP_EPOCHS: *n\n");
        var error = Assert.Throws<ConfigException>(() => ConfigTree.Load(path));
        Assert.Contains($"{path}:3", error.Message);
        Assert.Contains("aliases", error.Message);
    }

    [Theory]
    [InlineData(100_000)] // overflowed YamlDotNet's stack (the process died)
    [InlineData(65)]
    public void DeepFlowNestingIsRefused(int depth)
    {
        string path = ConfigFiles.Write($"MODEL:\n  SWIN:\n    DEPTHS: {new string('[', depth)}{new string(']', depth)}\n");
        var error = Assert.Throws<ConfigException>(() => ConfigTree.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains($"more than {ConfigYaml.MaxDepth} levels", error.Message);
    }

    [Fact]
    public void DeepBlockNestingIsRefused()
    {
        var text = new StringBuilder();
        for (int level = 0; level < 200; level++) text.Append(' ', level).Append("a:\n");
        string path = ConfigFiles.Write(text.ToString());
        Assert.Contains($"more than {ConfigYaml.MaxDepth} levels", Assert.Throws<ConfigException>(() => ConfigTree.Load(path)).Message);
    }

    [Fact]
    public void NestingWithinTheLimitStillReachesTheKeyCheck()
    {
        string path = ConfigFiles.Write($"MODEL:\n  SWIN:\n    DEPTHS: {new string('[', 10)}{new string(']', 10)}\n");
        Assert.Contains("MODEL.SWIN.DEPTHS", Assert.Throws<ConfigException>(() => ConfigTree.Load(path)).Message);
    }

    [Fact]
    public void OversizedFileIsRefusedBeforeItIsRead()
    {
        string path = ConfigFiles.Write("TRAIN:\n  EPOCHS: 3\n" + new string('#', ConfigYaml.MaxBytes));
        var error = Assert.Throws<ConfigException>(() => ConfigTree.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("too large", error.Message);
    }

    [Fact]
    public void DevicesAreReadOnlyUpToTheLimit()
    {
        string dir = Directory.CreateTempSubdirectory("moby-config-").FullName;
        string path = Path.Combine(dir, "config.yaml");
        File.WriteAllText(path, "BASE: ['/dev/zero']\n");
        Assert.Contains("/dev/zero", Assert.Throws<ConfigException>(() => ConfigTree.Load(path)).Message);
    }

    [Fact]
    public void BaseFilesNamingTheSameFileTwiceAtEveryLevelAreBounded()
    {
        // 40 levels of "BASE: [next, next]" would be 2^40 reads.
        string dir = Directory.CreateTempSubdirectory("moby-config-").FullName;
        for (int level = 0; level < 40; level++)
            File.WriteAllText(Path.Combine(dir, $"{level}.yaml"), $"BASE: ['{level + 1}.yaml', '{level + 1}.yaml']\n");
        File.WriteAllText(Path.Combine(dir, "40.yaml"), "TRAIN:\n  EPOCHS: 300\n");
        var error = Assert.Throws<ConfigException>(() => ConfigTree.Load(Path.Combine(dir, "0.yaml")));
        Assert.Contains($"more than {ConfigTree.MaxFiles} config files", error.Message);
    }

    [Fact]
    public void FolderIsNotAConfigFile()
    {
        string dir = Directory.CreateTempSubdirectory("moby-config-").FullName;
        Assert.Contains($"{dir} is a folder", Assert.Throws<ConfigException>(() => ConfigTree.Load(dir)).Message);
    }

    [Theory]
    [InlineData("? [a, b]\n: 1\n")]
    [InlineData("TRAIN:\n  {EPOCHS: 1}: 2\n")]
    [InlineData("MODEL:\n  SWIN:\n    DEPTHS: [{a: 1, a: 2}]\n")]
    [InlineData("BASE: [[other.yaml]]\n")]
    [InlineData("BASE: ['bad\0name.yaml']\n")]
    [InlineData("- just\n- a list\n")]
    public void OddShapesAreConfigErrorsNamingTheFile(string text)
    {
        string path = ConfigFiles.Write(text);
        Assert.Contains(path, Assert.Throws<ConfigException>(() => ConfigTree.Load(path)).Message);
    }

    [Theory]
    [InlineData("MODEL.SWIN.DEPTHS", "[2,2")]
    [InlineData("MODEL.SWIN.DEPTHS", "[2, {a: 1]")]
    [InlineData("TRAIN.EPOCHS", "\"10")]
    [InlineData("TRAIN.EPOCHS", "# nothing")]
    [InlineData("TRAIN.EPOCHS", "{a: 1}")]
    [InlineData("TRAIN.EPOCHS", "&x 3")]
    [InlineData("TRAIN.EPOCHS", "*x")]
    [InlineData("MODEL.SWIN.DEPTHS", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")]
    public void EveryOptErrorNamesTheKeyAndTheValue(string key, string value)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigTree.Load(null, [$"{key}={value}"]));
        Assert.Contains($"--opt {key}={(value.Length > 60 ? value[..60] : value)}", error.Message);
    }

    [Fact]
    public void OverlongOptValueIsRefused()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigTree.Load(null, [$"TAG={new string('x', ConfigYaml.MaxBytes + 1)}"]));
        Assert.Contains("--opt TAG", error.Message);
        Assert.Contains("too long", error.Message);
    }

    [Fact]
    public void TextOptionKeepsQuotesColonsAndHashesAsText()
    {
        var tree = ConfigTree.Load(null, [ConfigTree.TextOption("OUTPUT", "/tmp/it's: #1")]);
        Assert.Equal("/tmp/it's: #1", tree.String("OUTPUT"));
    }

    [Fact]
    public void CheckpointConfigWithSharedReferencesIsBounded()
    {
        // Nine levels of nine references to the level below: 9^9 values if walked naively.
        object level = new List<object?> { 1L };
        for (int i = 0; i < 9; i++) level = Enumerable.Repeat(level, 9).ToList();
        var config = new Dictionary<string, object?> { ["MODEL"] = new Dictionary<string, object?> { ["SWIN"] = new Dictionary<string, object?> { ["DEPTHS"] = level } } };
        var error = Assert.Throws<ConfigException>(() => ConfigTree.FromDictionary(config, "ckpt.pth (config)"));
        Assert.Contains("ckpt.pth (config)", error.Message);
        Assert.Contains($"more than {ConfigYaml.MaxValues} values", error.Message);
    }

    [Fact]
    public void CheckpointConfigNestedTooDeepIsRefused()
    {
        var config = new Dictionary<string, object?>();
        var inner = config;
        for (int i = 0; i < 10_000; i++) inner = (Dictionary<string, object?>)(inner["a"] = new Dictionary<string, object?>());
        Assert.Contains("levels deep", Assert.Throws<ConfigException>(() => ConfigTree.FromDictionary(config, "ckpt.pth")).Message);
    }

    [Fact]
    public void CheckpointConfigWithAForeignObjectNamesTheKey()
    {
        var config = new Dictionary<string, object?> { ["TRAIN"] = new Dictionary<string, object?> { ["EPOCHS"] = new Uri("http://x") } };
        var error = Assert.Throws<ConfigException>(() => ConfigTree.FromDictionary(config, "ckpt.pth"));
        Assert.Contains("TRAIN.EPOCHS", error.Message);
        Assert.Contains("ckpt.pth", error.Message);
    }

    [Fact]
    public void CheckpointConfigValuesKeepTheirTypes()
    {
        var config = new Dictionary<string, object?>
        {
            ["TRAIN"] = new Dictionary<string, object?> { ["EPOCHS"] = 7L, ["WARMUP_EPOCHS"] = 1, ["BASE_LR"] = 1e-8, ["AUTO_RESUME"] = false },
            ["TAG"] = "123", ["MODEL"] = new Dictionary<string, object?> { ["SWIN"] = new Dictionary<string, object?> { ["DEPTHS"] = new List<object?> { 2, 2 } } },
        };
        var tree = ConfigTree.FromDictionary(config, "ckpt.pth");
        Assert.Equal((7, 1e-8, false, "123"), (tree.Int("TRAIN.EPOCHS"), tree.Double("TRAIN.BASE_LR"), tree.Bool("TRAIN.AUTO_RESUME"), tree.String("TAG")));
        Assert.Equal([2, 2], tree.Ints("MODEL.SWIN.DEPTHS"));
    }
}
