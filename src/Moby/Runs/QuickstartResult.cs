using Moby.Evaluation;

namespace Moby.Runs;

/// <summary>The quickstart's evaluation results and the report.md it wrote.</summary>
/// <param name="Results">The scores of the checkpoint and the baselines.</param>
/// <param name="Report">The path of report.md.</param>
public sealed record QuickstartResult(IReadOnlyList<MethodResult> Results, string Report);
