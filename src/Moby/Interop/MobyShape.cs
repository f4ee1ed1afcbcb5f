namespace Moby.Interop;

/// <summary>The MoBY parts: queue length and projector/predictor widths.</summary>
/// <param name="QueueSize">Length of the queues of negative keys.</param>
/// <param name="ProjectorHidden">Hidden width of the projector.</param>
/// <param name="ProjectorOut">Output width of the projector (the key dimension).</param>
/// <param name="PredictorHidden">Hidden width of the predictor.</param>
public sealed record MobyShape(int? QueueSize, int? ProjectorHidden, int? ProjectorOut, int? PredictorHidden)
{
    /// <summary>One line, as <c>moby inspect</c> prints it.</summary>
    public override string ToString() =>
        $"MoBY: queue {QueueSize?.ToString() ?? "?"}, projector {ProjectorHidden?.ToString() ?? "?"} -> {ProjectorOut?.ToString() ?? "?"}, predictor hidden {PredictorHidden?.ToString() ?? "?"}";
}
