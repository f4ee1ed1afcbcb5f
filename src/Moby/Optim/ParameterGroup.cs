using TorchSharp.Modules;

namespace Moby.Optim;

/// <summary>A named set of parameters sharing a weight decay.</summary>
internal sealed record ParameterGroup(IReadOnlyList<(string Name, Parameter Parameter)> Parameters, double WeightDecay);
