namespace Moby.Data.Detection;

/// <summary>A category of a COCO file: its id in the file and its name (the id as text when the file names none).</summary>
internal sealed record CocoCategory(long Id, string Name);
