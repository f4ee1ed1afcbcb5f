using Moby.Interop;

namespace Moby.Data.Detection;

/// <summary>
/// A detection data set named as <c>coco:/images,/instances.json</c> (one set, whichever split a command asks for) or
/// <c>coco:/folder</c> with two splits, in the layout <c>moby make-scenes</c> writes (<c>images/{training,validation}</c>
/// and <c>instances_{training,validation}.json</c>, the ADE20K layout of the segmentation sources plus COCO files) or in
/// COCO 2017's (<c>{train2017,val2017}</c> and <c>annotations/instances_{train2017,val2017}.json</c>).
/// </summary>
internal sealed record DetectionSource(string? Folder, string? Images, string? Annotations)
{
    public static DetectionSource Parse(string spec)
    {
        int colon = spec.IndexOf(':');
        string name = (colon < 0 ? spec : spec[..colon]).Trim().ToLowerInvariant(), path = colon < 0 ? "" : spec[(colon + 1)..].Trim();
        if (name != "coco") throw new DataException($"unknown detection data source '{ShownNames.Path(spec)}'; expected coco:/images,/instances.json or coco:/folder");
        if (path.Length == 0) throw new DataException($"detection data source '{ShownNames.Path(spec)}' needs a path: coco:/images,/instances.json or coco:/folder");
        int comma = path.LastIndexOf(',');
        if (Directory.Exists(path) || comma < 0) return new DetectionSource(path, null, null);
        var (images, annotations) = (path[..comma].Trim(), path[(comma + 1)..].Trim());
        return images.Length > 0 && annotations.Length > 0
            ? new DetectionSource(null, images, annotations)
            : throw new DataException($"detection data source '{ShownNames.Path(spec)}': name both the images folder and the instances file (coco:/images,/instances.json)");
    }

    /// <summary>True when the source names one set, which serves every split.</summary>
    public bool IsSingleSet => Folder is null;

    /// <param name="split">Train, or Test for the validation split.</param>
    /// <param name="warn">Receives the warnings about annotations left out of the training targets.</param>
    public DetectionSet Open(DataSplit split, ImageDecodeOptions decoding, Action<string>? warn, CocoLimits? limits = null)
    {
        var (images, annotations) = Files(split);
        DataFolder.Require(images, $"detection data: the images folder '{ShownNames.Path(images)}'");
        if (!File.Exists(annotations)) throw new DataException($"detection data: the COCO file '{ShownNames.Path(annotations)}' does not exist");
        var coco = CocoFile.Read(annotations, (limits ?? CocoLimits.Default) with { MaxPixels = decoding.MaxPixels });
        return new DetectionSet(coco, images, decoding, warn);
    }

    private (string Images, string Annotations) Files(DataSplit split)
    {
        if (Folder is null) return (Images!, Annotations!);
        DataFolder.Require(Folder, $"detection data '{ShownNames.Path(Folder)}'");
        if (split is not (DataSplit.Train or DataSplit.Test)) throw new DataException($"detection data '{ShownNames.Path(Folder)}' has no {split} split");
        var (scenes, coco) = split == DataSplit.Train ? ("training", "train2017") : ("validation", "val2017");
        string scenesJson = Path.Combine(Folder, $"instances_{scenes}.json"), cocoJson = Path.Combine(Folder, "annotations", $"instances_{coco}.json");
        if (File.Exists(scenesJson)) return (Path.Combine(Folder, "images", scenes), scenesJson);
        if (File.Exists(cocoJson)) return (Path.Combine(Folder, coco), cocoJson);
        throw new DataException($"detection data '{ShownNames.Path(Folder)}' has no {scenes} split: expected '{ShownNames.Path(scenesJson)}' (the scenes' layout) or '{ShownNames.Path(cocoJson)}' (COCO 2017's)");
    }

    public override string ToString() => Folder is null ? $"coco:{Images},{Annotations}" : $"coco:{Folder}";
}
