namespace Moby.TensorBoard;

/// <summary>
/// The Event messages of a TensorBoard event file, encoded by hand (three messages do not warrant generated code). The
/// fields used, from TensorFlow's tensorflow/core/util/event.proto and tensorflow/core/framework/summary.proto:
/// <code>
/// message Event      { double wall_time = 1; int64 step = 2;
///                      oneof what { string file_version = 3; Summary summary = 5; SessionLog session_log = 7; } }
/// message Summary    { repeated Value value = 1;
///                      message Value { string tag = 1; oneof value { float simple_value = 2; } } }
/// message SessionLog { SessionStatus status = 1; }   // enum SessionStatus { STATUS_UNSPECIFIED = 0; START = 1; ... }
/// </code>
/// wall_time is in seconds since the Unix epoch: TensorBoard's "relative" and "wall" axes come from it.
/// </summary>
internal static class EventProto
{
    /// <summary>The first event of every file: the version TensorBoard's readers expect of files whose steps may go back.</summary>
    public const string Version = "brain.Event:2";

    private const int SessionStart = 1;

    public static byte[] FileVersion(double wallTime) => Event(wallTime, 0).Text(3, Version).ToArray();

    /// <summary>A (re)start at <paramref name="step"/>: TensorBoard's Python loader then drops the events logged from that step on.</summary>
    public static byte[] Start(double wallTime, long step) => Event(wallTime, step).Message(7, log => log.Int64(1, SessionStart)).ToArray();

    public static byte[] Scalars(double wallTime, long step, IEnumerable<(string Tag, float Value)> scalars) =>
        Event(wallTime, step).Message(5, summary =>
        {
            foreach (var (tag, value) in scalars) summary.Message(1, v => v.Text(1, tag).Float(2, value));
        }).ToArray();

    private static ProtobufWriter Event(double wallTime, long step) => new ProtobufWriter().Double(1, wallTime).Int64(2, step);
}
