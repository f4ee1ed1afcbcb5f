namespace Moby.Detection.Evaluation;

/// <summary>
/// COCOeval's default parameters for boxes and masks, with its exact floating-point values: IoU thresholds
/// <c>np.linspace(.5, .95, 10)</c>, recall thresholds <c>np.linspace(0, 1, 101)</c> (numpy's i x step + start, the last
/// one the stop itself; 0.9 is 0.8999999999999999 there), the area ranges all / small / medium / large with bounds
/// 32² and 96² (both ends inclusive), and at most 1, 10 and 100 detections per image and category.
/// </summary>
internal static class CocoEvalParams
{
    public static readonly double[] IouThresholds = Linspace(.5, .95, 10);
    public static readonly double[] RecallThresholds = Linspace(0, 1, 101);
    public static readonly (double Low, double High)[] AreaRanges = [(0, 1e10), (0, 32 * 32), (32 * 32, 96 * 96), (96 * 96, 1e10)];
    public static readonly int[] MaxDetections = [1, 10, 100];

    /// <summary>numpy's spacing(1): keeps precision defined where nothing has been detected yet.</summary>
    public const double Epsilon = 2.220446049250313e-16;

    private static double[] Linspace(double start, double stop, int count)
    {
        double step = (stop - start) / (count - 1);
        var values = Enumerable.Range(0, count).Select(i => i * step + start).ToArray();
        values[^1] = stop;
        return values;
    }
}
