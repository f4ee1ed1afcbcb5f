using System.Globalization;
using Moby.Config;
using Spectre.Console;

namespace Moby.Cli.Commands;

/// <summary>
/// Range checks of numeric options for the settings' Validate(): an option that stands for a config key takes the
/// key's range from <see cref="ConfigRules"/>, so the command line and the config file agree.
/// </summary>
internal static class OptionRanges
{
    /// <summary>The first option outside its range as an error naming the option, the range and the value; null when all fit.</summary>
    public static ValidationResult? Check(params (string Option, double? Value, ValueRange Range)[] options)
    {
        foreach (var (option, value, range) in options)
            if (value is { } v && !range.Contains(v))
                return ValidationResult.Error($"{option} must be {range}, got {v.ToString(CultureInfo.InvariantCulture)}.");
        return null;
    }

    /// <summary>The range of the config key an option stands for.</summary>
    public static ValueRange Of(string key) => ConfigRules.RangeOf(key);
}
