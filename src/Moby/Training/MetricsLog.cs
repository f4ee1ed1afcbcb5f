using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Win32.SafeHandles;
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
public sealed class MetricsLog(string path, Action<string> report) : IPretrainObserver, IDisposable
{
    public const string FileName = "metrics.jsonl";

    /// <summary>A non-finite grad norm (a step that overflowed) is written as "NaN" rather than stopping the run; a
    /// measure the run does not have (a fine-tuning step's momentum) is left out.</summary>
    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private SafeFileHandle? file;
    private long length;
    private bool failing;

    public void Started(RunInfo info)
    {
        try
        {
            MetricsFile.CutAt(path, info.Start, report);
            file = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.Write);
            length = RandomAccess.GetLength(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Failed(e, info.Start.Step);
        }
    }

    public void Iteration(IterationMetrics m) => Write(m.Position.Step, new
    {
        type = "iter", epoch = m.Position.Epoch, batch = m.Position.Batch, step = m.Position.Step, loss = m.Loss, lr = m.Lr,
        momentum = m.Momentum, grad_norm = m.GradNorm, collapse_std = m.CollapseStd, images_per_s = m.ImagesPerSecond,
    });

    public void EpochEnded(EpochMetrics m) => Write(m.Step, new
    {
        type = "epoch", epoch = m.Epoch, loss = m.MeanLoss, grad_norm = m.MeanGradNorm, images_per_s = m.ImagesPerSecond,
        seconds = m.Elapsed.TotalSeconds,
    });

    public void Monitored(MonitorMetrics m) => Write(m.Step, new { type = "monitor", epoch = m.Epoch, step = m.Step, name = m.Name, value = m.Value });

    private void Write(long step, object record)
    {
        if (file == null) return; // not opened: reported at the start
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, Json) + "\n");
        try
        {
            RandomAccess.Write(file, line, length);
            length += line.Length;
            if (failing) report($"{path}: writing again from step {step} on.");
            failing = false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CutTornLine();
            if (!failing) Failed(e, step);
            failing = true;
        }
    }

    /// <summary>Best effort: what is left of a torn line is also overwritten by the next record, written at the same offset.</summary>
    private void CutTornLine()
    {
        try { RandomAccess.SetLength(file!, length); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private void Failed(Exception e, long step) =>
        report($"Could not write {path}: {OutputPath.Reason(Path.GetDirectoryName(Path.GetFullPath(path))!, e)}; records from step {step} on " +
               "are missing from it until writing works again. Training goes on, and checkpoints are still written.");

    public void Dispose() => file?.Dispose();
}
