using System.Text.Json;
using System.Text.RegularExpressions;
using Moby.Cli;
using Moby.Evaluation;
using Moby.TensorBoard;
using Moby.Runs;
using Moby.Tests.Api;
using Moby.Tests.Cli;
using Moby.Tests.Training;
using Moby.Training;
using Xunit;
using static Moby.Tests.TensorBoard.EventFileReader;

namespace Moby.Tests.TensorBoard;

/// <summary>
/// TensorBoard event files: checked with a reader of our own (<see cref="EventFileReader"/>), against the CRC-32C test
/// vectors of RFC 3720 and, byte for byte, against TorchSharp's SummaryWriter (Google.Protobuf and a native CRC-32C),
/// for every kind of run; a file that cannot be written costs no run, and a resumed run reads as metrics.jsonl does.
/// </summary>
public class TensorBoardTests
{
    /// <summary>RFC 3720 (iSCSI) B.4's CRC-32C examples, and the customary check value of "123456789" (9 bytes: not a whole number of 8-byte words).</summary>
    public static TheoryData<byte[], uint> CrcVectors => new()
    {
        { new byte[32], 0x8A9136AA },
        { Enumerable.Repeat((byte)0xFF, 32).ToArray(), 0x62A8AB43 },
        { Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), 0x46DD794E },
        { Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(), 0x113FDB5C },
        { "123456789"u8.ToArray(), 0xE3069283 },
    };

    [Theory]
    [MemberData(nameof(CrcVectors))]
    public void Crc32CMatchesRfc3720(byte[] data, uint expected)
    {
        Assert.Equal(expected, TfRecord.Crc32C(data));
        Assert.Equal(expected, EventFileReader.Crc32C(data));
    }

    [Fact]
    public void RecordsAreByteForByteThoseOfTorchSharpsSummaryWriter()
    {
        using var dir = new TempDir();
        var writer = TorchSharp.torch.utils.tensorboard.SummaryWriter(dir.Path);
        writer.add_scalar("iter/loss", 2.75f, 7, walltime: 1234);
        writer.add_scalar("epoch/seconds", 0.125f, 300, walltime: 1250);
        byte[] file = File.ReadAllBytes(Assert.Single(Directory.GetFiles(dir.Path)));

        var records = Records(file).ToList(); // our reader checks its CRCs
        Assert.Equal(3, records.Count);
        Assert.Equal(file, records.SelectMany(r => TfRecord.Frame(r)).ToArray()); // our framing and masked CRCs are its
        Assert.Equal(EventProto.Version, Decode(records[0]).FileVersion);
        Assert.Equal(EventProto.Scalars(1234, 7, [("iter/loss", 2.75f)]), records[1]);
        Assert.Equal(EventProto.Scalars(1250, 300, [("epoch/seconds", 0.125f)]), records[2]);
    }

    [Fact]
    public void ARecordsNumbersBecomeScalarsTaggedTypeSlashField()
    {
        var iteration = new IterationMetrics(new RunPosition(1, 2, 8), 3.5, 0.001, 0.99, double.NaN, 0.05, 120);
        Assert.Equal([("iter/loss", 3.5f), ("iter/lr", 0.001f), ("iter/momentum", 0.99f), ("iter/grad_norm", float.NaN), ("iter/collapse_std", 0.05f),
                      ("iter/images_per_s", 120f)], TensorBoardLog.Scalars(MetricsLog.Record(iteration)));
        Assert.Equal([("epoch/loss", 2.5f), ("epoch/grad_norm", 1.25f), ("epoch/images_per_s", 99f), ("epoch/seconds", 90f)],
                     TensorBoardLog.Scalars(MetricsLog.Record(new EpochMetrics(0, 6, 2.5, 1.25, 99, TimeSpan.FromSeconds(90)))));
        Assert.Equal([("monitor/knn_top1", 0.75f)], TensorBoardLog.Scalars(MetricsLog.Record(new MonitorMetrics(0, 6, "knn_top1", 0.75))));
        Assert.Equal([("MoBY/knn_top1", 0.5f)], TensorBoardLog.Scalars(new { type = "MoBY", knn_top1 = (double?)0.5, linear_top1 = (double?)null }));
    }

    [Fact]
    public void ALossOfSeveralTermsLogsEachAfterTheStepsFieldsAndCannotReplaceThem()
    {
        var terms = new Dictionary<string, double> { ["loss_cls"] = 0.75, ["acc"] = 92.5, ["lr"] = 7 };
        var iteration = new IterationMetrics(new RunPosition(0, 1, 1), 1.5, 0.01, null, 2, null, 40, terms);
        Assert.Equal("""{"type":"iter","epoch":0,"batch":1,"step":1,"loss":1.5,"lr":0.01,"grad_norm":2,"images_per_s":40,"loss_cls":0.75,"acc":92.5}""",
                     System.Text.Json.JsonSerializer.Serialize(MetricsLog.Record(iteration), MetricsLog.Json));
        Assert.Contains(("iter/loss_cls", 0.75f), TensorBoardLog.Scalars(MetricsLog.Record(iteration)));
    }

    [Fact]
    public void AFileStartsWithItsVersionAndHoldsTheScalarsAtTheirSteps()
    {
        using var dir = new TempDir();
        string folder = dir.File("deep/tensorboard");
        var messages = new List<string>();
        double before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        using (var log = new TensorBoardLog(folder, messages.Add, "The run goes on."))
        {
            log.Write(0, new { type = "iter", step = 0, loss = 9.0 });
            log.Write(1, new { type = "iter", step = 1, loss = 8.5 });
        }
        double after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

        string file = Assert.Single(Directory.GetFiles(folder));
        var name = Regex.Match(Path.GetFileName(file), @"^events\.out\.tfevents\.(\d{10})\.[^/]+\.\d+\.\d{4}$");
        Assert.True(name.Success, file);
        Assert.InRange(long.Parse(name.Groups[1].Value), (long)before, (long)after);
        var events = Read(file);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Equal([(0L, "iter/loss", 9f), (1L, "iter/loss", 8.5f)], events.Skip(1).SelectMany(e => e.Scalars.Select(s => (e.Step, s.Tag, s.Value))));
        Assert.All(events, e => Assert.InRange(e.WallTime, before, after)); // seconds since the Unix epoch, as TensorBoard's time axes expect
        Assert.Empty(messages);
    }

    [Fact]
    public void PretrainingLogsWhatMetricsJsonlHoldsAndAResumeReadsAsItDoes()
    {
        string output = MicroRun.TempDir(), run = MicroRun.RunDir(output), folder = Path.Combine(run, "tensorboard");
        PretrainRun.Execute(MicroRun.Tree(output, "MOBYNET.TENSORBOARD=true"), new MicroRun.Silent()); // 2 epochs of 6 steps
        string first = Assert.Single(Directory.GetFiles(folder));
        var firstBytes = File.ReadAllBytes(first);
        Assert.Equal(Logged(run), AsTensorBoardReads([first]));

        // As after kill -9 in the second epoch: the latest checkpoint is the first epoch's.
        File.Copy(Path.Combine(run, "ckpt_epoch_0.pth"), Path.Combine(run, PretrainCheckpoint.Latest), overwrite: true);
        PretrainRun.Execute(MicroRun.Tree(output, "MOBYNET.TENSORBOARD=true"), new MicroRun.Silent());
        var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, files.Count);
        Assert.Equal(first, files[0]);
        Assert.Equal(firstBytes, File.ReadAllBytes(first));
        var resumed = Read(files[1]);
        Assert.Equal(EventProto.Version, resumed[0].FileVersion);
        Assert.Equal((6L, 1L), (resumed[1].Step, resumed[1].SessionStatus!.Value)); // SessionLog START at the resume step
        Assert.Equal(6, resumed.Where(e => e.Scalars.Any(s => s.Tag == "iter/loss")).Min(e => e.Step));
        Assert.Equal(Logged(run), AsTensorBoardReads(files));
    }

    /// <summary>Every (tag, step, value) of metrics.jsonl, as float, the type of TensorBoard's simple_value.</summary>
    private static List<(string, long, float)> Logged(string run) => MetricsFile.Read(Path.Combine(run, MetricsLog.FileName))
        .SelectMany(r => r.Numbers.Where(n => n.Key is not ("epoch" or "batch" or "step"))
            .Select(n => ($"{r.Type}/{n.Key}", Step(r), (float)n.Value)))
        .Order().ToList();

    /// <summary>The step a record is logged at: an iteration's own, an epoch summary's that of the epoch's last iteration (6 per epoch).</summary>
    private static long Step(MetricsRecord record) => (long)(record.Type == "iter" ? record.Numbers["step"] : 6 * (record.Numbers["epoch"] + 1) - 1);

    /// <summary>The files in name order, a SessionLog START dropping what was logged from its step on, as TensorBoard's loader does.</summary>
    private static List<(string, long, float)> AsTensorBoardReads(IEnumerable<string> files)
    {
        var points = new List<(string Tag, long Step, float Value)>();
        foreach (var e in files.SelectMany(Read))
        {
            if (e.SessionStatus == 1) points.RemoveAll(p => p.Step >= e.Step);
            points.AddRange(e.Scalars.Select(s => (s.Tag, e.Step, s.Value)));
        }
        return points.Order().ToList();
    }

    [Fact]
    public void AnEventFileThatCannotBeWrittenIsReportedOnceAndCostsNoCheckpoint()
    {
        string output = MicroRun.TempDir(), run = MicroRun.RunDir(output), blocked = Path.Combine(output, "not-a-folder");
        File.WriteAllText(blocked, "");
        var messages = new MicroRun.Messages();
        Assert.Equal(RunOutcome.Finished, PretrainRun.Execute(MicroRun.Tree(output, "TRAIN.EPOCHS=1"), messages, tensorboard: blocked));
        Assert.True(File.Exists(Path.Combine(run, "ckpt_epoch_0.pth")));
        string failure = Assert.Single(messages.Lines, m => m.Contains("Could not write"));
        Assert.Matches($@"^Could not write {Regex.Escape(blocked)}/events\.out\.tfevents\.\S+: {Regex.Escape(blocked)} is a file; a folder was expected; " +
                       "records from step 0 on are missing from it until writing works again. Training goes on, and checkpoints are still written.$", failure);
    }

    /// <summary>A config for the golden micro Swin, and an image folder of bright and dark squares.</summary>
    private static (string Weights, string Model, string Data) GoldenTarget(TempDir dir) =>
        (GoldenFiles.PathOf("moby_swin_micro.official-checkpoint.pth"), dir.File("swin_micro.yaml", System.Text.Encoding.UTF8.GetBytes(CliTests.SwinMicroYaml)),
         "imagefolder:" + BackboneApiTests.BrightAndDark());

    [Fact]
    public void EvaluationLogsEachMethodsAccuraciesBesideMetricsJson()
    {
        using var dir = new TempDir();
        var (weights, model, data) = GoldenTarget(dir);
        string output = dir.File("eval");
        var results = EvaluationRun.Execute(weights, model, data, null, output, new EvaluationOptions { K = 3, LinearEpochs = 5 }, baselines: true, tensorboard: "");

        var events = Read(Assert.Single(Directory.GetFiles(Path.Combine(output, "tensorboard"))));
        var expected = results.SelectMany(r => new[] { ("knn_top1", r.KnnTop1), ("knn_top5", r.KnnTop5), ("linear_top1", r.LinearTop1), ("linear_top5", r.LinearTop5) }
            .Select(m => (0L, $"{r.Method}/{m.Item1}", (float)m.Item2!.Value)));
        Assert.Equal(expected, events.SelectMany(e => e.Scalars.Select(s => (e.Step, s.Tag, s.Value))));
        Assert.Contains(events, e => e.Scalars.Any(s => s.Tag == "raw pixels/linear_top1"));
        Assert.True(File.Exists(Path.Combine(output, "metrics.json")));
    }

    [Fact]
    public void TheOfficialLinearProtocolLogsEveryEpoch()
    {
        using var dir = new TempDir();
        var (weights, model, data) = GoldenTarget(dir);
        string output = dir.File("eval"), folder = dir.File("tb/linear");
        var result = OfficialLinearRun.Execute(weights, model, data, null, output, 0,
                                               new OfficialLinearOptions { Epochs = 2, WarmupEpochs = 1, BatchSize = 4, Workers = 1 }, tensorboard: folder);

        var scalars = Read(Assert.Single(Directory.GetFiles(folder))).SelectMany(e => e.Scalars.Select(s => (e.Step, s.Tag, s.Value)));
        Assert.Equal(result.PerEpoch.SelectMany(e => new[] { ((long)e.Epoch + 1, "linear_official/top1", (float)e.Top1), (e.Epoch + 1, "linear_official/top5", (float)e.Top5) }),
                     scalars);
        Assert.False(Directory.Exists(Path.Combine(output, "tensorboard")));
    }

    [Fact]
    public void TheCommandLineFlagWithoutAFolderWritesBesideTheResults()
    {
        using var dir = new TempDir();
        var (weights, model, data) = GoldenTarget(dir);
        string output = dir.File("eval");
        Assert.Equal(0, MobyApp.Run(["knn", "--weights", weights, "--model", model, "--data", data, "--output", output, "--tensorboard", "-k", "3"]));
        var events = Read(Assert.Single(Directory.GetFiles(Path.Combine(output, "tensorboard"))));
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        double top1 = metrics.RootElement.GetProperty("results")[0].GetProperty("KnnTop1").GetDouble();
        Assert.Equal([("MoBY/knn_top1", (float)top1)], events.SelectMany(e => e.Scalars).Where(s => s.Tag.EndsWith("top1")).Select(s => (s.Tag, s.Value)));
    }
}
