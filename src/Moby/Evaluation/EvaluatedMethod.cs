namespace Moby.Evaluation;

/// <summary>A method just scored: its test features (alive only during the call that receives them), predictions, the classes and what was scored.</summary>
internal sealed record EvaluatedMethod(string Name, LabeledFeatures Test, long[] Predictions, IReadOnlyList<string> Classes, string Scored);
