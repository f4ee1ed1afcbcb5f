using System.Text.Json;

namespace Moby.Data.Detection;

/// <summary>
/// Typed reads of one JSON value for the COCO parser. Each returns null when the value has another type or is out of
/// range, having consumed the whole value either way, so the caller can name the field in its error.
/// </summary>
internal static class CocoJson
{
    /// <summary>Moves to the next token; the end of the text inside an open value is a syntax error of the reader.</summary>
    public static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new FormatException("the file ends inside a value (truncated?)");
        return reader.TokenType;
    }

    /// <summary>Moves to the property's value and skips it whole.</summary>
    public static void SkipValue(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        reader.Skip();
    }

    public static long? Integer(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value)) return value;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double d) && d == Math.Floor(d) && Math.Abs(d) < 1L << 53) return (long)d;
        reader.Skip();
        return null;
    }

    public static double? Number(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double value) && double.IsFinite(value)) return value;
        reader.Skip();
        return null;
    }

    /// <summary>A string, or null (also for JSON null); longer strings than <paramref name="maxLength"/> count as wrong.</summary>
    public static string? Text(ref Utf8JsonReader reader, int maxLength)
    {
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length <= 4 * maxLength)
        {
            string text = String(ref reader);
            if (text.Length <= maxLength) return text;
        }
        reader.Skip();
        return null;
    }

    /// <summary>The string at the reader; text that is not UTF-8 is a format error (the reader checks it only here).</summary>
    public static string String(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException($"a string at byte {reader.TokenStartIndex + 1} is not valid UTF-8", e);
        }
    }

    /// <summary>iscrowd: 0/1 as COCO writes it, or a boolean.</summary>
    public static bool? Boolean(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        switch (reader.TokenType)
        {
            case JsonTokenType.True: return true;
            case JsonTokenType.False: return false;
            case JsonTokenType.Number when reader.TryGetDouble(out double v) && v is 0 or 1: return v == 1;
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>A flat list of finite numbers, at most <paramref name="max"/>; null otherwise (too long: <paramref name="tooMany"/> set).</summary>
    public static List<double>? Numbers(ref Utf8JsonReader reader, int max, out bool tooMany)
    {
        tooMany = false;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }
        var values = new List<double>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            tooMany = values.Count >= max;
            if (tooMany || reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out double v) || !double.IsFinite(v))
            {
                reader.Skip();
                SkipRest(ref reader);
                return null;
            }
            values.Add(v);
        }
        return values;
    }

    /// <summary>Skips to the end of the array the reader is in.</summary>
    public static void SkipRest(ref Utf8JsonReader reader)
    {
        int depth = reader.CurrentDepth;
        while (!(Next(ref reader) == JsonTokenType.EndArray && reader.CurrentDepth == depth - 1)) reader.Skip();
    }
}
