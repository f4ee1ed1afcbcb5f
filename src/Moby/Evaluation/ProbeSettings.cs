namespace Moby.Evaluation;

/// <summary>One fit of the fast linear probe: learning rate, weight decay, training length.</summary>
public sealed record ProbeSettings(double Lr, double WeightDecay, int Epochs = 60, int BatchSize = 256, double LabelSmoothing = 0.1, int Seed = 0);
