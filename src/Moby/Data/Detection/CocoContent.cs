namespace Moby.Data.Detection;

/// <summary>What <see cref="CocoParser"/> read from a COCO file, in the file's order, before ids are resolved.</summary>
internal sealed record CocoContent(List<CocoImage> Images, List<CocoCategory> Categories, List<CocoRawAnnotation> Annotations);
