using System.Globalization;
using System.Text.Json;
using Moby.Interop;
using Moby.Training;

namespace Moby.TensorBoard;

/// <summary>
/// A run's scalars as a TensorBoard event file, for <c>tensorboard --logdir</c>. It takes the records a run writes to
/// its metrics log (objects such as <c>new { type = "iter", step, loss, lr }</c>, serialised as metrics.jsonl's): each
/// number but the position fields (epoch, batch, step) becomes the scalar tagged <c>type/field</c> at the record's step,
/// and a record with a <c>name</c> and a <c>value</c> (the online kNN monitor's) the scalar <c>type/name</c>.
/// One file per process start, named as TensorBoard's own writers name theirs, since TensorBoard reads a folder's event
/// files in name order. A resumed run starts its file with a SessionLog START at its first step, on which TensorBoard's
/// Python loader drops what the previous process logged from that step on (its Rust loader drops a tag's later points
/// when that tag's step goes back). Writes never cost the run: a failure is reported once (<see cref="AppendOnlyFile"/>).
/// </summary>
internal sealed class TensorBoardLog : IDisposable
{
    public const string FolderName = "tensorboard";

    private static readonly HashSet<string> PositionFields = ["epoch", "batch", "step"];
    private static int opened;

    private readonly AppendOnlyFile file;

    /// <param name="goesOn">What the run still does when the file cannot be written (the end of the one report).</param>
    /// <param name="start">The step the run starts at (that of its first record).</param>
    public TensorBoardLog(string folder, Action<string> report, string goesOn, long start = 0)
    {
        file = new AppendOnlyFile(Path.Combine(folder, FileName()), report, goesOn);
        file.Open(FileMode.CreateNew, start, () => Directory.CreateDirectory(folder));
        file.Append(TfRecord.Frame(EventProto.FileVersion(Now())), start);
        if (start > 0) file.Append(TfRecord.Frame(EventProto.Start(Now(), start)), start);
    }

    /// <summary>Where a run's event files go: nowhere (null) unless asked for; an empty request means the <see cref="FolderName"/> folder in <paramref name="output"/>.</summary>
    public static string? Folder(string? requested, string output) => requested switch
    {
        null => null,
        "" => Path.Combine(output, FolderName),
        _ => requested,
    };

    /// <summary>Writes the numbers of one metrics record as scalars at <paramref name="step"/>.</summary>
    public void Write(long step, object record)
    {
        var scalars = Scalars(record);
        if (scalars.Count > 0) file.Append(TfRecord.Frame(EventProto.Scalars(Now(), step, scalars)), step);
    }

    /// <summary>The scalars of a record; a non-finite number (a step that overflowed), which the log writes as "NaN", stays one.</summary>
    internal static List<(string Tag, float Value)> Scalars(object record)
    {
        var root = JsonSerializer.SerializeToElement(record, MetricsLog.Json);
        string type = root.GetProperty("type").GetString()!;
        if (root.TryGetProperty("name", out var name) && root.TryGetProperty("value", out var named))
            return Number(named) is float value ? [($"{type}/{name.GetString()}", value)] : [];
        var scalars = new List<(string, float)>();
        foreach (var field in root.EnumerateObject())
            if (!PositionFields.Contains(field.Name) && Number(field.Value) is float value)
                scalars.Add(($"{type}/{field.Name}", value));
        return scalars;
    }

    private static float? Number(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => (float)element.GetDouble(),
        JsonValueKind.String when element.GetString() is "NaN" or "Infinity" or "-Infinity" => float.Parse(element.GetString()!, CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>events.out.tfevents.SECONDS.HOST.PID.N, as PyTorch's SummaryWriter names its files; N, this process's count,
    /// has four digits so that files a process starts within one second sort in the order they were started.</summary>
    private static string FileName() =>
        $"events.out.tfevents.{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Environment.MachineName}.{Environment.ProcessId}.{Interlocked.Increment(ref opened):D4}";

    private static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    public void Dispose() => file.Dispose();
}
