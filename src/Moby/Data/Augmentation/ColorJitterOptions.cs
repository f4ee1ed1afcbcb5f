namespace Moby.Data;

/// <summary>Strengths as in torchvision's ColorJitter(brightness, contrast, saturation, hue); 0 turns one off.</summary>
internal sealed record ColorJitterOptions(double Brightness, double Contrast, double Saturation, double Hue);
