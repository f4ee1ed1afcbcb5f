namespace Moby.Data;

/// <summary>A rectangle of source pixels: left, top, width, height.</summary>
internal readonly record struct CropBox(int Left, int Top, int Width, int Height);
