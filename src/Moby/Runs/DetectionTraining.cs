using Moby.Detection;
using Moby.Training;

namespace Moby.Runs;

/// <summary>How a detection training run ended and its folder.</summary>
/// <param name="Outcome">Finished, time budget reached, or interrupted (a checkpoint is written in all three cases).</param>
/// <param name="Directory">The run folder.</param>
/// <param name="Scores">The last validation's box and mask AP (null when there was none).</param>
internal sealed record DetectionTraining(RunOutcome Outcome, string Directory, DetectionScores? Scores);
