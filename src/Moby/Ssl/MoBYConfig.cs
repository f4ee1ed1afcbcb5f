namespace Moby.Ssl;

/// <summary>
/// Everything the MoBY paper varies, around an encoder configuration. The official defaults are those of the
/// configuration (defaults.yaml), the one place they are written: <c>ModelConfigs.MoBYDefaults(encoder) with { ... }</c>.
/// </summary>
internal sealed record MoBYConfig
{
    /// <summary>A backbone configuration (SwinConfig or VitConfig); its drop path rate is replaced per branch.</summary>
    public required Backbones.IBackboneConfig Encoder { get; init; }
    public required int ProjNumLayers { get; init; }
    public required int PredNumLayers { get; init; }
    /// <summary>Hidden width of projector and predictor.</summary>
    public required int InnerDim { get; init; }
    /// <summary>Output width (the key dimension); the official code hard-codes 256.</summary>
    public required int OutDim { get; init; }
    /// <summary>Queue length K (CONTRAST_NUM_NEGATIVE). Need not divide by the batch.</summary>
    public required int QueueSize { get; init; }
    public required double Temperature { get; init; }
    public required double BaseMomentum { get; init; }
    public required double OnlineDropPath { get; init; }
    public required double TargetDropPath { get; init; }
}
