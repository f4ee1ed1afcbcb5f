namespace Moby.Training;

/// <summary>Where a run stands: 0-based epoch, batch within the epoch, and the global optimizer step.</summary>
public readonly record struct RunPosition(int Epoch, int Batch, long Step);
