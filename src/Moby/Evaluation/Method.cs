using Moby.Backbones;

namespace Moby.Evaluation;

/// <summary>A representation to evaluate: a backbone, or null for the raw-pixel baseline.</summary>
internal sealed record Method(string Name, Backbone? Model);
