using System.Text.Json;
using Moby.Config.Memory;
using Moby.Evaluation;
using Moby.Interop;
using Moby.TensorBoard;

namespace Moby.Runs;

/// <summary>
/// The paper's linear evaluation of a checkpoint's backbone (<see cref="OfficialLinearProtocol"/>) on the data and eval
/// transform of <see cref="EvaluationTarget"/>, with the per-epoch accuracies written to linear_official.json (and, when
/// asked, to TensorBoard as they come).
/// </summary>
public static class OfficialLinearRun
{
    /// <param name="output">The results folder; null = <see cref="EvaluationRun.DefaultOutput"/>.</param>
    /// <param name="holdOut">As <see cref="EvaluationOptions.HoldOut"/>: score on this fraction of the train split, not the test split.</param>
    /// <param name="tensorboard">A folder for TensorBoard event files (linear_official/top1 and top5 after every epoch, at
    /// step epoch + 1); empty: the results folder's 'tensorboard'; null: none.</param>
    public static OfficialLinearResult Execute(string weights, string? model, string? data, double? cropRatio, string? output, double holdOut,
                                               OfficialLinearOptions options, Action<string>? log = null, string? tensorboard = null)
    {
        output ??= EvaluationRun.DefaultOutput(weights);
        using var target = EvaluationTarget.Open(weights, model, data, cropRatio);
        RunMemory.CheckModel(target.Backbone.Architecture, options.BatchSize, EncoderRuns.Features());
        using var results = OutputFolder.Create(output); // before the work; removed again if it fails before writing
        var source = target.Source;
        using var splits = EvaluationSplits.Open(source, holdOut);
        using var events = TensorBoardLog.Folder(tensorboard, output) is { } folder
            ? new TensorBoardLog(folder, log ?? (_ => { }), "The evaluation goes on; linear_official.json will hold its results.") : null;
        var result = OfficialLinearProtocol.Run(target.Backbone, splits.Train, splits.Test, target.Transform, options with { Warn = options.Warn ?? log },
            e =>
            {
                log?.Invoke($"epoch {e.Epoch + 1}: top-1 on {splits.Scored} {100 * e.Top1:F2} %, top-5 {100 * e.Top5:F2} %");
                events?.Write(e.Epoch + 1, new { type = "linear_official", top1 = e.Top1, top5 = e.Top5 });
            });
        File.WriteAllText(Path.Combine(output, "linear_official.json"), JsonSerializer.Serialize(new
        {
            protocol = "official", data = source.ToString(), scored = splits.Scored, best = result.Best, last = result.Last, epochs = result.PerEpoch,
        }, new JsonSerializerOptions { WriteIndented = true }));
        return result;
    }
}
