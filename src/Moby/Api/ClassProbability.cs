namespace Moby;

/// <summary>One class of a prediction: its name, its index in <see cref="ImageClassifier.Classes"/>, and its softmax probability.</summary>
public sealed record ClassProbability(string Class, int Index, double Probability);
