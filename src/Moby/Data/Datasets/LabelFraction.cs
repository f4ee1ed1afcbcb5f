using System.Globalization;
using System.Text.RegularExpressions;
using Moby.Interop;

namespace Moby.Data;

/// <summary>
/// How many labelled images of each class a fine-tuning run may use: every one (<c>all</c>), a percentage of each
/// class's train images (<c>1%</c>, <c>10%</c>: SimCLR's semi-supervised protocol), or <c>N-per-class</c>.
/// </summary>
internal sealed partial record LabelFraction
{
    /// <summary>What a valid value looks like, for messages and the docs.</summary>
    public const string Expected = "'all', a percentage such as '1%' or '10%' (above 0, at most 100), or 'N-per-class' such as '100-per-class' (N from 1)";

    private LabelFraction(double? percent, int? perClass) => (Percent, PerClass) = (percent, perClass);

    /// <summary>Every labelled image outside the held-out set.</summary>
    public static LabelFraction All { get; } = new(null, null);

    /// <summary>The percentage of each class's train images; null unless given as one.</summary>
    public double? Percent { get; }

    /// <summary>The images per class; null unless given as N-per-class.</summary>
    public int? PerClass { get; }

    public bool IsAll => Percent is null && PerClass is null;

    public static bool TryParse(string text, out LabelFraction fraction)
    {
        fraction = All;
        text = text.Trim();
        if (text == "all") return true;
        var match = Pattern().Match(text);
        if (match.Groups["percent"].Success &&
            double.TryParse(match.Groups["percent"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double percent) && percent is > 0 and <= 100)
        {
            fraction = percent == 100 ? All : new LabelFraction(percent, null);
            return true;
        }
        if (match.Groups["count"].Success && int.TryParse(match.Groups["count"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count > 0)
        {
            fraction = new LabelFraction(null, count);
            return true;
        }
        return false;
    }

    public static LabelFraction Parse(string text) =>
        TryParse(text, out var fraction) ? fraction : throw new ArgumentException($"labels '{ShownNames.One(text)}': expected {Expected}");

    /// <summary>
    /// The images to take from a class of <paramref name="classCount"/> train images: the percentage rounded to the
    /// nearest whole image (at least one); N; or, for all, <paramref name="available"/> (what the held-out set leaves).
    /// </summary>
    public int Take(int classCount, int available) =>
        PerClass ?? (Percent is double p ? Math.Max(1, (int)Math.Round(classCount * p / 100, MidpointRounding.AwayFromZero)) : available);

    /// <summary>A short name for folders and tables: all, 10pct, 100-per-class.</summary>
    public string Slug => PerClass is int n ? $"{n}-per-class" : Percent is double p ? $"{p.ToString(CultureInfo.InvariantCulture)}pct" : "all";

    public override string ToString() => PerClass is int n ? $"{n}-per-class" : Percent is double p ? $"{p.ToString(CultureInfo.InvariantCulture)}%" : "all";

    [GeneratedRegex(@"^(?:(?<percent>[0-9]+(?:\.[0-9]+)?)%|(?<count>[0-9]{1,9})-per-class)$")]
    private static partial Regex Pattern();
}
