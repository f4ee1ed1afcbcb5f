namespace Moby.Data;

/// <summary>Every random choice for one view; null jitter or blur means the step is skipped.</summary>
internal readonly record struct ViewPlan(CropBox Box, bool Flip, ColorJitter? Jitter, bool Grayscale, float? BlurSigma, bool Solarize);
