namespace Moby.Training;

/// <summary>What a run is about to do, told to the observers as it starts: its length, global batch, trainable parameters and starting point.</summary>
public sealed record RunInfo(int Epochs, int StepsPerEpoch, long TotalSteps, int GlobalBatch, long Parameters, RunPosition Start, string OutputDir);
