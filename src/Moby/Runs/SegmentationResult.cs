using Moby.Segmentation;
using Moby.Training;

namespace Moby.Runs;

/// <summary>How a segmentation run ended, its folder, and the scores of its last validation (null when it had none).</summary>
/// <param name="Outcome">Finished, time budget reached, or interrupted (a checkpoint is written in all three cases).</param>
/// <param name="Directory">The run folder.</param>
/// <param name="Scores">The last validation's scores.</param>
public sealed record SegmentationResult(RunOutcome Outcome, string Directory, SegmentationScores? Scores);
