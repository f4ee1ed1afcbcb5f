using Moby.Segmentation;
using Moby.Training;

namespace Moby.Runs;

/// <summary>How a segmentation run ended, its folder, and the scores of its last validation (null when it had none).</summary>
public sealed record SegmentationResult(RunOutcome Outcome, string Directory, SegmentationScores? Scores);
