using Moby.Config;
using Xunit;

namespace Moby.Tests.Config;

/// <summary>What a user typed or a file holds is quoted in errors cut short and on one line: an --opt or key of 100 KB made a 2,500-line error.</summary>
public class LongInputEchoTests
{
    private static readonly string Long = new('A', 100_000);

    public static TheoryData<string> Options => new()
    {
        $"{Long}=1", $"TRAIN.{Long}=1", $"TRAIN.EPOCHS={Long}", $"MODEL.SWIN.DEPTHS=[{Long}]", Long, "TRAIN.EPOCHS=1\nTRAIN.BASE_LR: [",
        $"TRAIN.EPOCHS=[1, {Long}",
    };

    [Theory]
    [MemberData(nameof(Options))]
    public void OptionErrorsQuoteTheOptionShortOnOneLine(string option)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigTree.Load(null, [option]));
        Assert.StartsWith("--opt ", error.Message);
        Assert.DoesNotContain(Long[..200], error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void ALongUnknownKeyInAFileIsQuotedShort()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("moby-config-test-").FullName, "long.yaml");
        File.WriteAllText(file, $"TRAIN:\n  {Long[..1000]}: 1\n"); // YAML keys are at most 1024 characters
        var error = Assert.Throws<ConfigException>(() => ConfigTree.Load(file));
        Assert.Contains("unknown key 'TRAIN.AAAA", error.Message);
        Assert.DoesNotContain(Long[..200], error.Message);
    }
}
