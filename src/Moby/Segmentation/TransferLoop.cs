namespace Moby.Segmentation;

/// <summary>What the loop of a <see cref="TransferTrainer{TModel, TBatch}"/> takes from its task's settings.</summary>
/// <param name="Keys">The task's configuration keys (MOBYNET.SEG, MOBYNET.DET), named in messages.</param>
/// <param name="TotalSteps">Optimizer steps of the schedule.</param>
/// <param name="StepsPerEpoch">Full batches per epoch and process.</param>
/// <param name="BatchSize">Images per batch and process.</param>
/// <param name="Seed">SEED: each step's draws (<c>StepSeed</c>) and the data's.</param>
/// <param name="EvalEvery">Validate (and checkpoint) every this many epochs, and at the end.</param>
/// <param name="MaxMinutes">The time budget (0: none).</param>
/// <param name="FitToBudget">Shorten the schedule to end within the budget (MOBYNET.FIT_TO_BUDGET, <c>RunLength</c>).</param>
/// <param name="Monitor">The name of the validation's metric ("mIoU", "bbox AP").</param>
internal sealed record TransferLoop(string Keys, long TotalSteps, int StepsPerEpoch, int BatchSize, int Seed, int EvalEvery, double MaxMinutes, bool FitToBudget, string Monitor);
