namespace Moby.Training;

/// <summary>
/// One line of metrics.jsonl: its 1-based number, its text, its "type" ("iter", "epoch", "monitor") and its
/// finite numeric fields. A damaged line (torn, interleaved, not JSON, lacking its type's fields) has no type.
/// </summary>
internal sealed record MetricsRecord(int Line, string Text, string? Type, IReadOnlyDictionary<string, double> Numbers)
{
    public bool IsDamaged => Type == null;

    /// <summary>
    /// Whether the record describes work done before <paramref name="start"/>: iterations by their step, epoch
    /// summaries and monitor evaluations by their epoch. Records of other types are kept.
    /// </summary>
    public bool Before(RunPosition start) => Type switch
    {
        "iter" => Numbers["step"] < start.Step,
        "epoch" or "monitor" => Numbers["epoch"] < start.Epoch,
        _ => true,
    };
}
