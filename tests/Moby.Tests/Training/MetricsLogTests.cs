using System.Text;
using System.Text.Json;
using Moby.Interop;
using Moby.Reporting;
using Moby.Runs;
using Moby.Tests.Data;
using Moby.Training;
using Xunit;

namespace Moby.Tests.Training;

/// <summary>metrics.jsonl: a damaged log, a log that cannot be written or plots that cannot be drawn never cost a checkpoint,
/// and a resumed run logs each iteration once.</summary>
public class MetricsLogTests
{
    private static string Iter(long step) =>
        $$"""{"type":"iter","epoch":0,"batch":{{step}},"step":{{step}},"loss":{{9 - step}},"lr":0.001,"momentum":0.99,"grad_norm":1.5,"collapse_std":0.05,"images_per_s":100}""";

    private static List<double> Steps(string path, string type) => File.ReadAllLines(path)
        .Select(line => JsonDocument.Parse(line).RootElement)
        .Where(r => r.GetProperty("type").GetString() == type)
        .Select(r => r.GetProperty(type == "iter" ? "step" : "epoch").GetDouble()).ToList();

    [Fact]
    public void PlotsSkipDamagedLinesAndNameTheFileAndTheirNumbers()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, MetricsLog.FileName);
        string[] lines =
        [
            Iter(0),
            Iter(1)[..40],                                                   // 2: torn by a full disk
            Iter(2)[..30] + Iter(3),                                         // 3: two writers interleaved
            "[1, 2, 3]",                                                     // 4: JSON, but not a record
            """{"type":"iter","epoch":0,"loss":1}""",                        // 5: no step
            """{"type":"iter","epoch":0,"step":4,"step":5,"loss":1e400}""",  // a repeated name (the last wins), a number out of range (dropped)
            new string('x', MetricsFile.MaxLineBytes + 10),                  // 7: longer than any record
            Iter(6),
            Iter(7)[..50],                                                   // 9: the last line, torn, without its newline
        ];
        File.WriteAllText(path, string.Join("\n", lines));
        var messages = new List<string>();
        var plots = new TrainingPlots(dir.Path, new PngPlots(), messages.Add);
        plots.Refresh();
        plots.Refresh();

        Assert.True(File.Exists(Path.Combine(dir.Path, "loss.png")));
        string message = Assert.Single(messages); // reported once, not at every epoch end
        Assert.StartsWith($"{path}: skipped 6 damaged line(s)", message);
        Assert.EndsWith("line 2, 3, 4, 5, 7, 9", message);
        var whole = MetricsFile.Read(path).Where(r => !r.IsDamaged).ToList();
        Assert.Equal([0.0, 5.0, 6.0], whole.Select(r => r.Numbers["step"]));
        Assert.False(whole[1].Numbers.ContainsKey("loss"));
    }

    [Fact]
    public void FuzzedLogsAreReadAndCutWithoutThrowing()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, MetricsLog.FileName);
        var valid = Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(0, 12).Select(i => Iter(i))
            .Append("""{"type":"epoch","epoch":0,"loss":2.5}""").Append("""{"type":"monitor","epoch":0,"step":12,"name":"knn","value":0.5}""")) + "\n");
        var random = new Random(14);
        var start = new RunPosition(0, 6, 6);
        for (int i = 0; i < 300; i++)
        {
            File.WriteAllBytes(path, Mutate(valid, random));
            var records = MetricsFile.Read(path).ToList();
            Assert.All(records.Where(r => r.Type == "iter"), r => Assert.True(r.Numbers.ContainsKey("step")));
            MetricsFile.CutAt(path, start, _ => { });
            Assert.All(MetricsFile.Read(path), r => Assert.True(!r.IsDamaged && r.Before(start), $"case {i}, line {r.Line}: {r.Text}"));
        }
        var messages = new List<string>();
        for (int i = 0; i < 10; i++)
        {
            File.WriteAllBytes(path, Mutate(valid, random));
            new TrainingPlots(dir.Path, new PngPlots(), messages.Add).Refresh();
        }
        Assert.DoesNotContain(messages, m => m.StartsWith("Could not redraw", StringComparison.Ordinal));
    }

    /// <summary>A few byte-level edits of the kind a torn or interleaved write makes, or a cut.</summary>
    private static byte[] Mutate(byte[] valid, Random random)
    {
        var bytes = valid.ToList();
        for (int edits = random.Next(1, 6); edits > 0 && bytes.Count > 0; edits--)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes.RemoveRange(at, Math.Min(random.Next(1, 80), bytes.Count - at)); break;
                case 2: bytes.Insert(at, "\n{\"[]:,9e999"u8[random.Next(12)]); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }
        return bytes.ToArray();
    }

    [Fact]
    public void ResumedRunLogsEachIterationOnce()
    {
        string output = MicroRun.TempDir(), run = MicroRun.RunDir(output), metrics = Path.Combine(run, "metrics.jsonl");
        PretrainRun.Execute(MicroRun.Tree(output), new MicroRun.Silent()); // 2 epochs of 6 steps
        // As after kill -9 in the second epoch, in the middle of a write: the latest checkpoint is the first epoch's,
        // the log holds the iterations after it, and its last line is torn.
        File.Copy(Path.Combine(run, "ckpt_epoch_0.pth"), Path.Combine(run, PretrainCheckpoint.Latest), overwrite: true);
        File.AppendAllText(metrics, Iter(12)[..25]);

        var messages = new MicroRun.Messages();
        Assert.Equal(RunOutcome.Finished, PretrainRun.Execute(MicroRun.Tree(output), messages));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (double)i), Steps(metrics, "iter"));
        Assert.Equal([0.0, 1.0], Steps(metrics, "epoch"));
        Assert.Contains(messages.Lines, m => m.StartsWith($"{metrics}: removed 7 record(s) of epoch 2 / step 6 on", StringComparison.Ordinal));
    }

    [Fact]
    public void MetricsThatCannotBeWrittenAreReportedOnceAndCostNoCheckpoint()
    {
        string output = MicroRun.TempDir(), run = MicroRun.RunDir(output), metrics = Path.Combine(run, "metrics.jsonl");
        var messages = new FullDiskOnStart(metrics);
        Assert.Equal(RunOutcome.Finished, PretrainRun.Execute(MicroRun.Tree(output, "TRAIN.EPOCHS=1"), messages));
        Assert.True(File.Exists(Path.Combine(run, "ckpt_epoch_0.pth")));
        string failure = Assert.Single(messages.Lines, m => m.Contains("Could not write"));
        Assert.StartsWith($"Could not write {metrics}: No space left on device; records from step 0 on are missing", failure);
    }

    /// <summary>
    /// Links the metrics to /dev/full (every write fails with ENOSPC, as on a full disk) once the run has started: the run
    /// folder refuses a device planted there before, so the disk fills after the check, as a real one would.
    /// </summary>
    private sealed class FullDiskOnStart(string metrics) : IPretrainObserver
    {
        public List<string> Lines { get; } = [];
        public void Message(string text) => Lines.Add(text);
        public void Started(RunInfo run) => File.CreateSymbolicLink(metrics, "/dev/full");
    }

    [Fact]
    public void PlotsThatCannotBeDrawnCostNoCheckpoint()
    {
        string output = MicroRun.TempDir(), run = MicroRun.RunDir(output);
        Directory.CreateDirectory(Path.Combine(run, "loss.png")); // a folder where a plot goes
        var messages = new MicroRun.Messages();
        Assert.Equal(RunOutcome.Finished, PretrainRun.Execute(MicroRun.Tree(output, "TRAIN.EPOCHS=1"), messages, plots: new PngPlots()));
        Assert.True(File.Exists(Path.Combine(run, "ckpt_epoch_0.pth")));
        Assert.Contains(messages.Lines, m => m.StartsWith($"Could not redraw the plots from {Path.Combine(run, "metrics.jsonl")}", StringComparison.Ordinal));
    }
}
