using System.Globalization;

namespace Moby.Config;

/// <summary>An interval of allowed numbers, each end open or closed; shown the way messages and docs write it.</summary>
internal sealed record ValueRange(double Min, double Max, bool MinOpen = false, bool MaxOpen = false)
{
    public static ValueRange AtLeast(double min) => new(min, double.PositiveInfinity);
    public static ValueRange Positive { get; } = new(0, double.PositiveInfinity, MinOpen: true);
    public static ValueRange Between(double min, double max) => new(min, max);
    public static ValueRange Probability { get; } = new(0, 1);

    /// <summary>[0, 1): drop-path rates and hold-out fractions, where 1 would drop everything.</summary>
    public static ValueRange Fraction { get; } = new(0, 1, MaxOpen: true);

    public bool Contains(double value) =>
        double.IsFinite(value) && (MinOpen ? value > Min : value >= Min) && (MaxOpen ? value < Max : value <= Max);

    public override string ToString() => double.IsPositiveInfinity(Max)
        ? $"{(MinOpen ? ">" : ">=")} {Show(Min)}"
        : $"in {(MinOpen ? '(' : '[')}{Show(Min)}, {Show(Max)}{(MaxOpen ? ')' : ']')}";

    private static string Show(double x) => x.ToString(CultureInfo.InvariantCulture);
}
