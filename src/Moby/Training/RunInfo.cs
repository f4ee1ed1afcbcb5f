namespace Moby.Training;

/// <summary>What a run is about to do, told to the observers as it starts: its length, global batch, trainable parameters and starting point.</summary>
/// <param name="Epochs">Epochs of the schedule.</param>
/// <param name="StepsPerEpoch">Optimizer steps per epoch.</param>
/// <param name="TotalSteps">Optimizer steps of the schedule.</param>
/// <param name="GlobalBatch">Images per optimizer step, over every process and accumulated micro-batch.</param>
/// <param name="Parameters">Trainable parameters of the online network and heads.</param>
/// <param name="Start">Where training starts (later than the beginning after a resume).</param>
/// <param name="OutputDir">The run folder.</param>
public sealed record RunInfo(int Epochs, int StepsPerEpoch, long TotalSteps, int GlobalBatch, long Parameters, RunPosition Start, string OutputDir);
