using Moby.Runs;
using Xunit;

namespace Moby.Tests.Runs;

/// <summary>The quickstart runs the Fashion-MNIST recipe's model with the short schedule chosen on held-out data.</summary>
public class QuickstartRecipeTests
{
    [Fact]
    public void QuickstartIsTheRecipeWithItsShortSchedule()
    {
        var quick = Quickstart.Tree(new QuickstartOptions { Config = RepoFiles.Path(QuickstartOptions.DefaultConfig), Output = "out" });
        var recipe = Moby.Config.ConfigTree.Load(RepoFiles.Path("configs/moby_swin_fmnist.yaml"));
        Assert.Equal(QuickstartOptions.DefaultEpochs, quick.Int("TRAIN.EPOCHS"));
        Assert.Equal(0, quick.Int("TRAIN.WARMUP_EPOCHS"));
        Assert.Equal(0.8, quick.Double("AUG.SSL_AUG_CROP"));
        Assert.Equal(10, quick.Double("MOBYNET.MAX_MINUTES"));
        foreach (var key in new[] { "MODEL.NAME", "MOBYNET.MODEL_PRESET", "MOBYNET.DATA" })
            Assert.Equal(recipe.String(key), quick.String(key));
        Assert.Equal(recipe.Double("TRAIN.BASE_LR"), quick.Double("TRAIN.BASE_LR"));
        Assert.Equal(recipe.Int("DATA.BATCH_SIZE"), quick.Int("DATA.BATCH_SIZE"));
    }
}
