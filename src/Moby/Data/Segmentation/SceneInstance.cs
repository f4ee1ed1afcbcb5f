namespace Moby.Data.Segmentation;

/// <summary>One visible garment of a scene: its class (0-based Fashion-MNIST class) and its visible pixels (row-major mask).</summary>
internal sealed record SceneInstance(int Class, bool[] Mask, int Area);
