namespace Moby.Training;

/// <summary>Where a run stands: 0-based epoch, batch within the epoch, and the global optimizer step.</summary>
/// <param name="Epoch">The epoch, 0-based.</param>
/// <param name="Batch">The batch within the epoch, 0-based.</param>
/// <param name="Step">Optimizer steps since the start of the schedule.</param>
public readonly record struct RunPosition(int Epoch, int Batch, long Step);
