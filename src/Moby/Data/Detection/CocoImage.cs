namespace Moby.Data.Detection;

/// <summary>An image entry of a COCO file: id, file (relative to the images folder; null when the file names none,
/// as ground truth used only for scoring may), and the size its annotations refer to.</summary>
internal sealed record CocoImage(long Id, string? FileName, int Width, int Height);
