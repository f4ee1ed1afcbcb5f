namespace Moby.Ssl;

/// <summary>Everything the MoBY paper varies (official defaults), around an encoder configuration.</summary>
public sealed record MoBYConfig
{
    /// <summary>A backbone configuration (SwinConfig or VitConfig); its drop path rate is replaced per branch.</summary>
    public required Backbones.IBackboneConfig Encoder { get; init; }
    public int ProjNumLayers { get; init; } = 2;
    public int PredNumLayers { get; init; } = 2;
    /// <summary>Hidden width of projector and predictor.</summary>
    public int InnerDim { get; init; } = 4096;
    /// <summary>Output width (the key dimension); the official code hard-codes 256.</summary>
    public int OutDim { get; init; } = 256;
    /// <summary>Queue length K (CONTRAST_NUM_NEGATIVE). Need not divide by the batch.</summary>
    public int QueueSize { get; init; } = 4096;
    public double Temperature { get; init; } = 0.2;
    public double BaseMomentum { get; init; } = 0.99;
    public double OnlineDropPath { get; init; } = 0.2;
    public double TargetDropPath { get; init; } = 0.0;
}
