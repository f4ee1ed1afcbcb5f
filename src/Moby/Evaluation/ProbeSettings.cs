namespace Moby.Evaluation;

/// <summary>One fit of the fast linear probe: learning rate, weight decay, training length.</summary>
/// <param name="Lr">Learning rate.</param>
/// <param name="WeightDecay">Weight decay.</param>
/// <param name="Epochs">Training epochs.</param>
/// <param name="BatchSize">Features per batch.</param>
/// <param name="LabelSmoothing">Label smoothing of the cross-entropy loss.</param>
/// <param name="Seed">Seed of the initialisation and the data order.</param>
public sealed record ProbeSettings(double Lr, double WeightDecay, int Epochs = 60, int BatchSize = 256, double LabelSmoothing = 0.1, int Seed = 0);
