using Moby.Interop;

namespace Moby.Data;

/// <summary>
/// The train split of a fine-tuning run cut in two disjoint parts: a fixed held-out set (its accuracy is logged for
/// the plots, never used to choose anything) and the labelled images the run trains on, stratified by class. Both
/// follow from one seeded shuffle of the whole split, so they are the same for every model compared, whatever the
/// run's own seed; and the labelled subsets are nested (each class's first images of that shuffle): the 1 % subset is
/// part of the 10 % one. The rest of the split is unused.
/// </summary>
internal sealed record LabelledSplit(int[] Labelled, int[] HeldOut)
{
    /// <summary>The SplitMix purpose of the shuffle, apart from the loaders' and the augmentations'.</summary>
    private const long ShufflePurpose = -4; // apart from the loaders (-1), synthetic batches (-2), step seeds (-3), views (1, 2)

    public static LabelledSplit Select(IImageDataset train, LabelSelection selection) => Select(train, selection.Fraction, selection.HeldOut, selection.Seed);

    public static LabelledSplit Select(IImageDataset train, LabelFraction fraction, int heldOut, long seed)
    {
        if (train.NumClasses == 0)
            throw new DataException("the train split has no labels; fine-tuning needs a labelled data set (e.g. imagefolder:/path with one folder per class)");
        if (heldOut < 0 || heldOut >= train.Count)
            throw new DataException($"the held-out set (FINETUNE.HELD_OUT) of {heldOut} images leaves nothing to train on in a train split of {train.Count}");
        var order = Enumerable.Range(0, train.Count).ToArray();
        var rng = SplitMix.For(seed, 0, 0, ShufflePurpose);
        rng.Shuffle(order.AsSpan());
        var byClass = Enumerable.Range(0, train.NumClasses).Select(_ => new List<int>()).ToArray();
        var counts = new int[train.NumClasses];
        for (int k = 0; k < order.Length; k++)
        {
            int label = Label(train, order[k]);
            counts[label]++;
            if (k >= heldOut) byClass[label].Add(order[k]);
        }
        var labelled = new List<int>();
        for (int c = 0; c < byClass.Length; c++)
        {
            int wanted = counts[c] == 0 && !fraction.IsAll ? 0 : fraction.Take(counts[c], byClass[c].Count);
            if (wanted > byClass[c].Count) throw TooMany(train, fraction, c, wanted, byClass[c].Count, byClass.Min(l => l.Count), heldOut);
            labelled.AddRange(byClass[c].Take(wanted));
        }
        if (labelled.Count == 0) throw new DataException($"labels '{fraction}' select no image of the train split");
        labelled.Sort();
        var held = order[..heldOut];
        Array.Sort(held);
        return new LabelledSplit(labelled.ToArray(), held);
    }

    private static int Label(IImageDataset train, int index)
    {
        int label = train.Label(index);
        return label >= 0 && label < train.NumClasses ? label
            : throw new DataException($"{ShownNames.Path(train.Describe(index))} has label {label}, but the data set has {train.NumClasses} classes");
    }

    private static DataException TooMany(IImageDataset train, LabelFraction fraction, int c, int wanted, int available, int fewest, int heldOut) => new(
        $"labels '{fraction}' ask for {wanted} images of class '{ShownNames.One(train.ClassNames[c])}', which has {available} " +
        (heldOut > 0 ? $"outside the {heldOut} held-out images" : "in the train split") +
        $"; ask for at most {fewest} per class (the fewest any class has), a smaller percentage, or 'all'");
}
