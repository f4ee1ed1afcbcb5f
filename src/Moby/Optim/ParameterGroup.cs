using TorchSharp.Modules;

namespace Moby.Optim;

/// <summary>A named set of parameters sharing a weight decay and a learning-rate multiplier (layer-wise decay in fine-tuning; 1 in pre-training).</summary>
internal sealed record ParameterGroup(IReadOnlyList<(string Name, Parameter Parameter)> Parameters, double WeightDecay, double LrScale = 1.0);
