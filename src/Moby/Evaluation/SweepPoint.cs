namespace Moby.Evaluation;

/// <summary>One setting of the fast probe's learning-rate / weight-decay sweep and its top-1 on the held-out part of the train split.</summary>
internal sealed record SweepPoint(double Lr, double WeightDecay, double HeldOutTop1);
