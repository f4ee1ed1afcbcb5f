using Moby.Data;
using Moby.Evaluation;
using Xunit;

namespace Moby.Tests.Finetune;

/// <summary>Label fractions: stratified, deterministic, nested, disjoint from the fixed held-out set; bad requests refused naming the class.</summary>
public class LabelledSplitTests
{
    /// <summary>Labels by index: classes of 300, 200, 120 and 80 images, in blocks.</summary>
    private sealed class Labelled() : IImageDataset
    {
        private static readonly int[] Sizes = [300, 200, 120, 80];
        private readonly int[] labels = Enumerable.Range(0, 4).SelectMany(c => Enumerable.Repeat(c, Sizes[c])).OrderBy(c => c * 7919 % 13).ToArray();
        public int Count => labels.Length;
        public int Channels => 1;
        public int NumClasses => 4;
        public IReadOnlyList<string> ClassNames => ["shirt", "shoe", "bag", "hat"];
        public ChannelStats Stats => ChannelStats.FashionMnist;
        public DecodedImage Load(int index) => throw new NotSupportedException();
        public int Label(int index) => labels[index];
        public string Describe(int index) => $"image {index}";
        public void Dispose() { }
        public int ClassSize(int c) => Sizes[c];
    }

    private static LabelledSplit Split(string labels, int heldOut = 50, long seed = 0) =>
        LabelledSplit.Select(new Labelled(), LabelFraction.Parse(labels), heldOut, seed);

    private static int[] PerClass(IEnumerable<int> indices)
    {
        var data = new Labelled();
        return Enumerable.Range(0, 4).Select(c => indices.Count(i => data.Label(i) == c)).ToArray();
    }

    [Theory]
    [InlineData("10%", new[] { 30, 20, 12, 8 })]
    [InlineData("1%", new[] { 3, 2, 1, 1 })] // at least one image per class: 1.2 -> 1, 0.8 -> 1
    [InlineData("5-per-class", new[] { 5, 5, 5, 5 })]
    public void FractionsAreStratifiedByClass(string labels, int[] expected) => Assert.Equal(expected, PerClass(Split(labels).Labelled));

    [Fact]
    public void AllIsEveryImageOutsideTheHeldOutSet()
    {
        var split = Split("all");
        Assert.Equal(700 - 50, split.Labelled.Length);
        Assert.Equal(Enumerable.Range(0, 700), split.Labelled.Concat(split.HeldOut).Order());
        Assert.Equal(Split("100%").Labelled, split.Labelled);
    }

    [Theory]
    [InlineData("1%")]
    [InlineData("10%")]
    [InlineData("30-per-class")]
    [InlineData("all")]
    public void LabelledImagesAreDisjointFromTheSameHeldOutSetAndTheSameOnEveryCall(string labels)
    {
        var split = Split(labels);
        Assert.Equal(50, split.HeldOut.Length);
        Assert.Empty(split.Labelled.Intersect(split.HeldOut));
        Assert.Equal(Split("all").HeldOut, split.HeldOut);
        Assert.Equal(split.Labelled, Split(labels).Labelled);
        Assert.Equal(split.Labelled.Distinct().Count(), split.Labelled.Length);
    }

    [Fact]
    public void SmallerFractionsArePartOfLargerOnes()
    {
        Assert.Empty(Split("1%").Labelled.Except(Split("10%").Labelled));
        Assert.Empty(Split("10%").Labelled.Except(Split("all").Labelled));
        Assert.Empty(Split("5-per-class").Labelled.Except(Split("30-per-class").Labelled));
    }

    [Fact]
    public void TheLabelSeedChoosesOtherImages()
    {
        Assert.NotEqual(Split("10%").Labelled, Split("10%", seed: 1).Labelled);
        Assert.NotEqual(Split("10%").HeldOut, Split("10%", seed: 1).HeldOut);
    }

    [Fact]
    public void AskingForMoreImagesThanAClassHasNamesTheClass()
    {
        // 'hat' has 80 images, a few of them held out.
        var error = Assert.Throws<DataException>(() => Split("80-per-class"));
        Assert.Contains("'hat'", error.Message);
        Assert.Contains("80-per-class", error.Message);
        Assert.Contains("held-out", error.Message);
        Assert.Throws<DataException>(() => Split("100-per-class", heldOut: 0));
    }

    [Fact]
    public void AHeldOutSetAsLargeAsTheSplitIsRefused() => Assert.Throws<DataException>(() => Split("all", heldOut: 700));

    [Theory]
    [InlineData("all", null, null)]
    [InlineData("1%", 1.0, null)]
    [InlineData("12.5%", 12.5, null)]
    [InlineData("100%", null, null)]
    [InlineData("60-per-class", null, 60)]
    public void LabelValuesParse(string text, double? percent, int? perClass)
    {
        var fraction = LabelFraction.Parse(text);
        Assert.Equal(percent, fraction.Percent);
        Assert.Equal(perClass, fraction.PerClass);
    }

    [Theory]
    [InlineData("0%")]
    [InlineData("101%")]
    [InlineData("-1%")]
    [InlineData("0-per-class")]
    [InlineData("10")]
    [InlineData("ten%")]
    [InlineData("1e2%")]
    [InlineData("99999999999-per-class")]
    [InlineData("")]
    public void BadLabelValuesAreRefused(string text) => Assert.False(LabelFraction.TryParse(text, out _));

    [Fact]
    public void TheLinearProbeOfAFractionFitsOnTheImagesFineTuningTrainsOn()
    {
        var source = DataSource.Parse("imagefolder:" + StripeImages.Write(train: 10, val: 2));
        var selection = new LabelSelection(LabelFraction.Parse("3-per-class"), 6, 0);
        using var splits = EvaluationSplits.Open(source, 0, selection);
        using var train = source.Open(DataSplit.Train);
        var expected = LabelledSplit.Select(train, selection).Labelled;
        Assert.Equal(9, splits.Train.Count);
        Assert.Equal(expected.Select(train.Describe), Enumerable.Range(0, 9).Select(splits.Train.Describe));
        Assert.Equal(6, splits.Test.Count);
    }
}
