namespace Moby.Training;

/// <summary>The loss became NaN or infinite; the message says which checkpoint survives and which settings to change.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
