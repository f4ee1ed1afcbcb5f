using Moby.Evaluation;

namespace Moby.Runs;

/// <summary>The quickstart's evaluation results and the report.md it wrote.</summary>
public sealed record QuickstartResult(IReadOnlyList<MethodResult> Results, string Report);
