using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Moby.Interop;

namespace Moby.Training;

/// <summary>
/// metrics.jsonl: one JSON object per line, per iteration ("iter"), per epoch ("epoch") and per monitor evaluation
/// ("monitor"). At the start of a run the file is cut back to the work done before the start position (see
/// <see cref="MetricsFile.CutAt"/>), then appended to, so a resumed run continues it with each iteration once.
/// Each record is one whole line written by one write call at the end of what was written before. A failed write
/// (a full disk) is reported once through <c>report</c> and does not stop training: the checkpoint matters more
/// than the log, and the torn part of the line is cut off so that later records start on a line of their own.
/// </summary>
internal sealed class MetricsLog(string path, Action<string> report) : IPretrainObserver, IDisposable
{
    public const string FileName = "metrics.jsonl";

    /// <summary>What a pre-training run still does when one of its logs cannot be written.</summary>
    internal const string TrainingGoesOn = "Training goes on, and checkpoints are still written.";

    /// <summary>A non-finite grad norm (a step that overflowed) is written as "NaN" rather than stopping the run; a
    /// measure the run does not have (a fine-tuning step's momentum) is left out.</summary>
    internal static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly AppendOnlyFile file = new(path, report, TrainingGoesOn);

    public void Started(RunInfo info) => file.Open(FileMode.OpenOrCreate, info.Start.Step, () => MetricsFile.CutAt(path, info.Start, report));

    public void Iteration(IterationMetrics m) => Write(m.Position.Step, Record(m));

    public void EpochEnded(EpochMetrics m) => Write(m.Step, Record(m));

    public void Monitored(MonitorMetrics m) => Write(m.Step, Record(m));

    // The records, one builder per type, shared with the run's other views of them (TensorBoard).
    /// <remarks>A loss's terms come last, in their order; a term cannot replace one of the fields before it.</remarks>
    internal static object Record(IterationMetrics m)
    {
        var record = new Dictionary<string, object>
        {
            ["type"] = "iter", ["epoch"] = m.Position.Epoch, ["batch"] = m.Position.Batch, ["step"] = m.Position.Step, ["loss"] = m.Loss, ["lr"] = m.Lr,
        };
        if (m.Momentum is { } momentum) record["momentum"] = momentum;
        record["grad_norm"] = m.GradNorm;
        if (m.CollapseStd is { } collapse) record["collapse_std"] = collapse;
        record["images_per_s"] = m.ImagesPerSecond;
        foreach (var (name, value) in m.Terms ?? new Dictionary<string, double>()) record.TryAdd(name, value);
        return record;
    }

    internal static object Record(EpochMetrics m) => new
    {
        type = "epoch", epoch = m.Epoch, loss = m.MeanLoss, grad_norm = m.MeanGradNorm, images_per_s = m.ImagesPerSecond,
        seconds = m.Elapsed.TotalSeconds,
    };

    internal static object Record(MonitorMetrics m) => new { type = "monitor", epoch = m.Epoch, step = m.Step, name = m.Name, value = m.Value };

    private void Write(long step, object record) => file.Append(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, Json) + "\n"), step);

    public void Dispose() => file.Dispose();
}
