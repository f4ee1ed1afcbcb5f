namespace Moby.Evaluation;

/// <summary>The fast probe's test accuracy with the setting the sweep chose, and the whole sweep.</summary>
internal sealed record LinearProbeResult(ClassificationResult Test, ProbeSettings Chosen, IReadOnlyList<SweepPoint> Sweep);
