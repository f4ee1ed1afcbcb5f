namespace Moby.Training;

/// <summary>What one optimizer step measured.</summary>
internal sealed record StepResult(double Loss, double GradNorm, double CollapseStd);
