namespace Moby;

/// <summary>Where a fine-tuning run stands after an optimizer step, reported to the <c>IProgress</c> given to <see cref="Finetuning.RunAsync"/>.</summary>
/// <param name="Epoch">The current epoch, from 0.</param>
/// <param name="Epochs">The epochs of the run.</param>
/// <param name="Step">Optimizer steps done, from the run's start (a resumed run counts those before it).</param>
/// <param name="TotalSteps">Optimizer steps of the whole run.</param>
/// <param name="Loss">This step's cross-entropy loss.</param>
/// <param name="LearningRate">This step's learning rate of the head (lower layers train at their layer-decay fraction of it).</param>
/// <param name="ImagesPerSecond">Training speed over this step.</param>
public sealed record FinetuningProgress(int Epoch, int Epochs, long Step, long TotalSteps, double Loss, double LearningRate, double ImagesPerSecond);
