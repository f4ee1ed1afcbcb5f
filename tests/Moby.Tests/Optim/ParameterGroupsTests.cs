using Moby.Optim;
using Moby.Ssl;
using Moby.Tests.Ssl;
using Xunit;

namespace Moby.Tests.Optim;

/// <summary>Which parameters get weight decay.</summary>
public class ParameterGroupsTests
{
    [Fact]
    public void OfficialParameterGroupsDecayThePositionBiasTableUnlessExcluded()
    {
        using var model = new MoBY(MoBYTests.Micro());
        var official = ParameterGroups.Official(model.TrainableParameters(), 0.05);
        Assert.Contains(official[0].Parameters, p => p.Name.EndsWith("relative_position_bias_table"));
        Assert.DoesNotContain(official[0].Parameters, p => p.Name.EndsWith(".bias") || p.Parameter.dim() == 1);
        Assert.Equal(0.0, official[1].WeightDecay);
        var excluded = ParameterGroups.Official(model.TrainableParameters(), 0.05, excludeEmbeddings: true);
        Assert.Contains(excluded[1].Parameters, p => p.Name.EndsWith("relative_position_bias_table"));
        Assert.Equal(model.TrainableParameters().Count(), official.Sum(g => g.Parameters.Count));
    }
}
