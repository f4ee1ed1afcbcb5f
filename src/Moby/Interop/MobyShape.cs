namespace Moby.Interop;

/// <summary>The MoBY parts: queue length and projector/predictor widths.</summary>
public sealed record MobyShape(int? QueueSize, int? ProjectorHidden, int? ProjectorOut, int? PredictorHidden)
{
    public override string ToString() =>
        $"MoBY: queue {QueueSize?.ToString() ?? "?"}, projector {ProjectorHidden?.ToString() ?? "?"} -> {ProjectorOut?.ToString() ?? "?"}, predictor hidden {PredictorHidden?.ToString() ?? "?"}";
}
