namespace Moby.Training;

/// <summary>
/// "Every N epochs and after the last": when a run checkpoints (SAVE_FREQ) and measures its held-out accuracy, so that
/// the final epoch is always covered whatever N is.
/// </summary>
internal static class EpochCadence
{
    /// <summary>Whether the epoch numbered <paramref name="epoch"/> from 0 is due, of <paramref name="epochs"/>.</summary>
    public static bool Due(int epoch, int every, int epochs) => (epoch + 1) % every == 0 || epoch + 1 == epochs;
}
