using Moby.Backbones.Swin;
using Moby.Backbones.Vit;
using Moby.Config;
using Xunit;

namespace Moby.Tests.Config;

public class ConfigTreeTests
{
    [Theory]
    [InlineData("moby_swin_tiny.yaml", "swin")]
    [InlineData("moby_swin_tiny_bn.yaml", "swin")]
    [InlineData("moby_deit_small.yaml", "vit")]
    public void OfficialConfigsParseWithOfficialValues(string file, string family)
    {
        var tree = ConfigTree.Load(RepoFiles.Path($"configs/{file}"));
        var moby = ModelConfigs.MoBY(tree);
        Assert.Equal(4096, moby.QueueSize);
        Assert.Equal(0.2, moby.OnlineDropPath);
        Assert.Equal(0.001, tree.Double("TRAIN.BASE_LR"));
        Assert.Equal(5e-7, tree.Double("TRAIN.WARMUP_LR"));
        Assert.Equal(5, tree.Int("TRAIN.WARMUP_EPOCHS"));
        Assert.Equal(64, tree.Int("DATA.BATCH_SIZE"));
        if (family == "swin")
        {
            var swin = Assert.IsType<SwinConfig>(moby.Encoder);
            Assert.Equal([2, 2, 6, 2], swin.Depths);
            Assert.Equal(file.Contains("_bn") ? "bn" : "ln", swin.NormBeforeMlp);
        }
        else
        {
            var vit = Assert.IsType<VitConfig>(moby.Encoder);
            Assert.Equal(384, vit.EmbedDim);
            Assert.Equal(16, vit.PatchSize);
        }
    }

    [Theory]
    [InlineData("moby_swin_fmnist.yaml", "swin", 32, 1)]
    [InlineData("moby_swin_fmnist_quick.yaml", "swin", 32, 1)]
    [InlineData("moby_deit_fmnist.yaml", "vit", 32, 1)]
    public void OurConfigsBuildTheirEncoders(string file, string family, int size, int channels)
    {
        var moby = ModelConfigs.MoBY(ConfigTree.Load(RepoFiles.Path($"configs/{file}")));
        switch (moby.Encoder)
        {
            case SwinConfig swin:
                Assert.Equal(("swin", size, channels), (family, swin.ImgSize, swin.InChans));
                break;
            case VitConfig vit:
                Assert.Equal(("vit", size, channels), (family, vit.ImgSize, vit.InChans));
                break;
            default:
                Assert.Fail("unknown encoder");
                break;
        }
    }

    [Fact]
    public void VitGlobalPoolComesFromItsKeyAndIsStoredWithTheArchitecture()
    {
        var tree = ConfigTree.Load(RepoFiles.Path("configs/moby_deit_fmnist.yaml"));
        var vit = Assert.IsType<VitConfig>(ModelConfigs.Encoder(tree.With(["MOBYNET.VIT.GLOBAL_POOL=avg"])));
        Assert.Equal("avg", vit.GlobalPool);
        Assert.Equal("token", Assert.IsType<VitConfig>(ModelConfigs.Encoder(ConfigTree.Defaults().With(["MODEL.MOBY.ENCODER=vit"]))).GlobalPool);
        var stored = ConfigTree.Defaults().With(ArchitectureOptions.Of(vit));
        Assert.Equal(vit, ModelConfigs.Encoder(stored));
        Assert.Contains("MOBYNET.VIT.GLOBAL_POOL", Assert.Throws<ConfigException>(() => tree.With(["MOBYNET.VIT.GLOBAL_POOL=max"])).Message);
    }

    [Fact]
    public void UnknownKeyNamesFileLineAndKey()
    {
        string path = WriteTemp("TRAIN:\n  EPOCHS: 3\n  EPOCS: 4\n");
        var error = Assert.Throws<ConfigException>(() => ConfigTree.Load(path));
        Assert.Contains($"{path}:3", error.Message);
        Assert.Contains("TRAIN.EPOCS", error.Message);
    }

    [Fact]
    public void WrongTypeNamesKeyAndExpectation()
    {
        string path = WriteTemp("MODEL:\n  SWIN:\n    DEPTHS: [2, two]\n");
        var error = Assert.Throws<ConfigException>(() => ConfigTree.Load(path));
        Assert.Contains("MODEL.SWIN.DEPTHS[1]", error.Message);
        Assert.Contains("an integer", error.Message);
    }

    [Fact]
    public void BaseFilesApplyFirstThenFileThenOverrides()
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        File.WriteAllText(Path.Combine(dir, "base.yaml"), "TRAIN:\n  EPOCHS: 7\n  BASE_LR: 0.5\n");
        File.WriteAllText(Path.Combine(dir, "child.yaml"), "BASE: ['base.yaml']\nTRAIN:\n  BASE_LR: 0.25\n");
        var tree = ConfigTree.Load(Path.Combine(dir, "child.yaml"), ["TRAIN.WARMUP_EPOCHS=1", "MODEL.SWIN.DEPTHS=[2, 2]"]);
        Assert.Equal(7, tree.Int("TRAIN.EPOCHS"));
        Assert.Equal(0.25, tree.Double("TRAIN.BASE_LR"));
        Assert.Equal(1, tree.Int("TRAIN.WARMUP_EPOCHS"));
        Assert.Equal([2, 2], tree.Ints("MODEL.SWIN.DEPTHS"));
    }

    /// <summary>'BASE: 5' was looked for as the file '5' ("Config file not found: .../5").</summary>
    [Theory]
    [InlineData("BASE: 5\n", "5")]
    [InlineData("BASE: [base.yaml, true]\n", "true")]
    [InlineData("BASE: {a: 1}\n", "a mapping")]
    public void ABaseThatIsNotFileNamesSaysWhatBaseMustBe(string yaml, string shown)
    {
        string path = ConfigFiles.Write(yaml);
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(path)!, "base.yaml"), "TRAIN:\n  EPOCHS: 7\n");
        Assert.Equal($"{path}:1: BASE must be a file name or a list of file names, got {shown}.",
                     Assert.Throws<ConfigException>(() => ConfigTree.Load(path)).Message);
    }

    [Fact]
    public void AQuotedNumberIsAFileName()
    {
        string path = ConfigFiles.Write("BASE: '5'\n");
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(path)!, "5"), "TRAIN:\n  EPOCHS: 7\n");
        Assert.Equal(7, ConfigTree.Load(path).Int("TRAIN.EPOCHS"));
    }

    /// <summary>An empty config was taken as no keys: the run failed later on a default value, without naming the file.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void AnEmptyConfigFileIsRefusedNamingIt(string text)
    {
        string path = ConfigFiles.Write(text);
        Assert.Equal($"{path}: the file holds no settings (it is empty or only comments); expected a YAML config file with keys (MODEL, DATA, TRAIN, ...).",
                     Assert.Throws<ConfigException>(() => ConfigTree.Load(path)).Message);
    }

    [Fact]
    public void BadOverrideIsAnError()
    {
        Assert.Contains("TRAIN.NOPE", Assert.Throws<ConfigException>(() => ConfigTree.Load(null, ["TRAIN.NOPE=1"])).Message);
        Assert.Contains("KEY=VALUE", Assert.Throws<ConfigException>(() => ConfigTree.Load(null, ["TRAIN.EPOCHS"])).Message);
        Assert.Contains("true or false", Assert.Throws<ConfigException>(() => ConfigTree.Load(null, ["TRAIN.AUTO_RESUME=maybe"])).Message);
    }

    [Fact]
    public void ResolvedConfigRoundTripsThroughYaml()
    {
        var tree = ConfigTree.Load(RepoFiles.Path("configs/moby_swin_tiny.yaml"));
        string path = WriteTemp(tree.ToYaml());
        var again = ConfigTree.Load(path);
        Assert.Equal(tree.ToYaml(), again.ToYaml());
    }

    private static string WriteTemp(string text)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "config.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
