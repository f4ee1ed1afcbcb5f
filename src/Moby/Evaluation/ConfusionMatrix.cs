namespace Moby.Evaluation;

/// <summary>How often each true class is predicted as each class.</summary>
internal static class ConfusionMatrix
{
    /// <summary>[true, predicted]: the share of each true class's images predicted as each class; a class without images has a row of zeros.</summary>
    public static double[,] RowFractions(int classes, IReadOnlyList<long> truth, IReadOnlyList<long> predicted)
    {
        var counts = new double[classes, classes];
        for (int i = 0; i < truth.Count; i++) counts[truth[i], predicted[i]]++;
        for (int r = 0; r < classes; r++)
        {
            double total = Enumerable.Range(0, classes).Sum(c => counts[r, c]);
            for (int c = 0; c < classes && total > 0; c++) counts[r, c] /= total;
        }
        return counts;
    }
}
