using Moby.Cli;
using Xunit;

namespace Moby.Tests.Cli;

/// <summary>Every command's help renders: option descriptions are console markup, where a bare [N, D] is a malformed tag.</summary>
public class HelpTests
{
    [Theory]
    [InlineData("quickstart")]
    [InlineData("pretrain")]
    [InlineData("inspect")]
    [InlineData("features")]
    [InlineData("evaluate")]
    [InlineData("knn")]
    [InlineData("linear")]
    [InlineData("export")]
    [InlineData("bench", "train")]
    [InlineData("bench", "infer")]
    [InlineData("bench", "data")]
    public void HelpOfEveryCommandRenders(params string[] command) => Assert.Equal(0, MobyApp.Run([.. command, "--help"]));
}
