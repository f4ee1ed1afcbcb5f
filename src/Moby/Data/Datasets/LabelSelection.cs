namespace Moby.Data;

/// <summary>Which labelled images a run may fit on (<see cref="LabelledSplit"/>): the fraction, the held-out images outside it and the seed of both.</summary>
internal sealed record LabelSelection(LabelFraction Fraction, int HeldOut, long Seed);
