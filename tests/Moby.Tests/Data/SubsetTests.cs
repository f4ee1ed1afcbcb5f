using Moby.Data;
using Xunit;

namespace Moby.Tests.Data;

public class SubsetTests
{
    private static int[] Items(IImageDataset subset) =>
        Enumerable.Range(0, subset.Count).Select(i => int.Parse(subset.Describe(i)[4..^4])).ToArray();

    [Theory]
    [InlineData(60000, 5000, 1000)]   // the monitor's defaults: an earlier selection rule put every query into the bank
    [InlineData(60000, 10000, 5000)]
    [InlineData(60000, 54000, 6000)]  // evaluate --holdout 0.1
    [InlineData(10, 7, 3)]
    [InlineData(10, 10, 0)]
    public void DisjointSelectionsDoNotOverlapAndAreSpreadOverTheWholeSet(int total, int first, int second)
    {
        using var source = new FakeDataset(total);
        var (a, b) = Subset.Disjoint(source, first, second);
        int[] x = Items(a), y = Items(b);
        Assert.Equal(first, x.Length);
        Assert.Equal(second, y.Length);
        Assert.Empty(x.Intersect(y));
        Assert.Equal(first, x.Distinct().Count());
        Assert.Equal(second, y.Distinct().Count());
        foreach (var picked in new[] { x, y }.Where(p => p.Length > 1))
            Assert.True(picked.Min() <= total / picked.Length && picked.Max() >= total - total / picked.Length - 1, $"{picked.Length} items span only {picked.Min()}..{picked.Max()} of {total}");
    }

    [Fact]
    public void AskingForMoreThanTheSetHoldsIsAnError()
    {
        using var source = new FakeDataset(10);
        Assert.Throws<ArgumentException>(() => Subset.Disjoint(source, 8, 3));
    }
}
