using System.Text;
using System.Text.Json;
using Moby.Interop;

namespace Moby.Training;

/// <summary>
/// Reads metrics.jsonl as its writer (<see cref="MetricsLog"/>) and its readers (the plots, anyone's scripts)
/// need it: damaged lines, left by a full disk or by two runs writing at once, are skipped and reported, never
/// thrown, so a damaged log cannot stop a run. What a line can make us allocate is bounded: lines longer than
/// <see cref="MaxLineBytes"/> are damaged, and only the bytes the file held when it was opened are read.
/// </summary>
internal static class MetricsFile
{
    /// <summary>Far above a real record (about 300 bytes).</summary>
    public const int MaxLineBytes = 64 * 1024;

    /// <summary>The fields each record type needs to be plotted and cut at a resume position.</summary>
    private static readonly Dictionary<string, string[]> Required = new()
    {
        ["iter"] = ["epoch", "step"], ["epoch"] = ["epoch"], ["monitor"] = ["epoch", "step", "value"],
    };

    /// <summary>Every line of the file, in order; damaged ones have <see cref="MetricsRecord.IsDamaged"/> set.</summary>
    public static IEnumerable<MetricsRecord> Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        foreach (var (number, text) in Lines(stream)) yield return Parse(number, text);
    }

    /// <summary>How many damaged line numbers <see cref="Damaged(string, int, IReadOnlyList{int})"/> shows.</summary>
    public const int ShownDamagedLines = 10;

    /// <summary>One line for the user about damaged lines: the file and the first line numbers.</summary>
    public static string Damaged(string path, IReadOnlyList<int> lines) => Damaged(path, lines.Count, lines);

    /// <summary>One line for the user about <paramref name="count"/> damaged lines, <paramref name="first"/> the first of their numbers.</summary>
    public static string Damaged(string path, int count, IReadOnlyList<int> first) =>
        $"{ShownNames.Path(path)}: skipped {count} damaged line(s) (a torn write, e.g. a full disk, or two runs writing at once): " +
        $"line {string.Join(", ", first.Take(ShownDamagedLines))}{(count > ShownDamagedLines ? ", ..." : "")}";

    /// <summary>
    /// Cuts the file back to the records of work done before <paramref name="start"/>: a run killed after its
    /// last checkpoint logged iterations that the resumed run logs again. Damaged lines go too. The kept lines
    /// are written to a temporary file renamed over the log, so a crash meanwhile leaves the old log whole.
    /// </summary>
    public static void CutAt(string path, RunPosition start, Action<string> report)
    {
        if (!File.Exists(path)) return;
        var damaged = new List<int>();
        int later = 0;
        foreach (var record in Read(path))
        {
            if (record.IsDamaged) damaged.Add(record.Line);
            else if (!record.Before(start)) later++;
        }
        if (later == 0 && damaged.Count == 0) return;
        AtomicFile.Write(path, stream =>
        {
            foreach (var record in Read(path).Where(r => !r.IsDamaged && r.Before(start)))
                stream.Write(Encoding.UTF8.GetBytes(record.Text + "\n"));
        });
        if (damaged.Count > 0) report(Damaged(path, damaged) + "; removed them");
        if (later > 0) report($"{ShownNames.Path(path)}: removed {later} record(s) of epoch {start.Epoch + 1} / step {start.Step} on, " +
                              "logged after the checkpoint this run resumes from, so each iteration is logged once");
    }

    private static MetricsRecord Parse(int number, string? text)
    {
        var damaged = new MetricsRecord(number, text ?? "", null, new Dictionary<string, double>());
        if (text == null) return damaged;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
                return damaged;
            var numbers = new Dictionary<string, double>();
            foreach (var property in root.EnumerateObject())
                if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDouble(out double value) && double.IsFinite(value))
                    numbers[property.Name] = value; // a repeated name: the last wins, as in JavaScript
            string type = typeElement.GetString()!;
            bool complete = !Required.TryGetValue(type, out var fields) || fields.All(numbers.ContainsKey);
            return complete ? new MetricsRecord(number, text, type, numbers) : damaged;
        }
        catch (JsonException)
        {
            return damaged;
        }
    }

    /// <summary>
    /// The lines of the bytes the stream holds now (a live run's later appends, or an endless device, are not
    /// read), numbered from 1; null for a line longer than <see cref="MaxLineBytes"/>. A last line without its
    /// newline is returned too: whether it is whole is for the parser to say.
    /// </summary>
    private static IEnumerable<(int Number, string? Text)> Lines(Stream stream)
    {
        long left = stream.Length;
        var buffer = new byte[MaxLineBytes];
        var line = new MemoryStream();
        bool tooLong = false;
        int number = 1;
        while (left > 0)
        {
            int count = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (count == 0) break;
            left -= count;
            int start = 0;
            for (int end; (end = Array.IndexOf(buffer, (byte)'\n', start, count - start)) >= 0; start = end + 1)
            {
                Append(start, end - start);
                yield return (number++, Take());
            }
            Append(start, count - start);
        }
        if (line.Length > 0 || tooLong) yield return (number, Take());

        void Append(int offset, int length)
        {
            tooLong |= line.Length + length > MaxLineBytes;
            if (!tooLong) line.Write(buffer, offset, length);
        }

        string? Take()
        {
            string? text = tooLong ? null : Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length);
            line.SetLength(0);
            tooLong = false;
            return text;
        }
    }
}
