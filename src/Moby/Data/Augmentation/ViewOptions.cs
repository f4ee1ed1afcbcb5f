namespace Moby.Data;

/// <summary>Probabilities of the per-view steps; the two views of BYOL/MoBY differ only in blur and solarize.</summary>
internal sealed record ViewOptions
{
    public required double FlipP { get; init; }
    public required double ColorJitterP { get; init; }
    public required double GrayscaleP { get; init; }
    public required double BlurP { get; init; }
    public required double SolarizeP { get; init; }
}
