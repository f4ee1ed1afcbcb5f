using Moby.Data.Detection;

namespace Moby.Detection.Evaluation;

/// <summary>
/// Box and mask AP of detections against a COCO file's ground truth, as pycocotools' COCOeval computes them (the
/// file's images in id order, its categories, every image scored whether or not it has annotations or detections).
/// Detections are given per image (its index in the file) at the image's original size; within an image and
/// category, those with equal scores keep the order they were given in, as results files do.
/// </summary>
internal sealed class CocoEvaluator(CocoFile truth)
{
    private readonly List<(int Image, DetectionResult Detection)> detections = [];

    public CocoFile Truth => truth;

    public void Add(int image, IEnumerable<DetectionResult> found)
    {
        if (image < 0 || image >= truth.Images.Count) throw new ArgumentOutOfRangeException(nameof(image), $"image {image} is not among the {truth.Images.Count} images");
        foreach (var d in found)
        {
            if (d.Label < 0 || d.Label >= truth.Categories.Count) throw new ArgumentException($"label {d.Label} is not among the {truth.Categories.Count} categories");
            if (!float.IsFinite(d.Score) || d.Box.Length != 4) throw new ArgumentException($"a detection needs a finite score and 4 box values (x1, y1, x2, y2)");
            var info = truth.Images[image];
            if (d.Mask is { } m && (m.Width != info.Width || m.Height != info.Height))
                throw new ArgumentException($"a mask of {m.Width} x {m.Height} for image {info.Id} of {info.Width} x {info.Height}");
            detections.Add((image, d));
        }
    }

    public CocoScores Score(IouKind kind) => Score(truth, kind, detections.Select(p => (p.Image, ScoredDetection.From(p.Detection, kind))));

    /// <summary>The evaluation of detections already in COCOeval's form (what loadRes would give).</summary>
    public static CocoScores Score(CocoFile truth, IouKind kind, IEnumerable<(int Image, ScoredDetection Detection)> scored)
    {
        var (accumulation, categories) = Accumulate(truth, kind, scored);
        var scores = CocoScores.Summarize(accumulation);
        // Per category in label order (the file's), whatever order the ids have.
        var perLabel = new double[categories.Length];
        for (int k = 0; k < categories.Length; k++) perLabel[categories[k]] = scores.ApPerCategory[k];
        return scores with { ApPerCategory = perLabel };
    }

    /// <summary>COCOeval's evaluate and accumulate; the categories (labels) in the order of its arrays (by id).</summary>
    /// <param name="maxDetections">COCOeval's params.maxDets (ascending); null: 1, 10, 100.</param>
    public static (Accumulation Accumulation, int[] Categories) Accumulate(CocoFile truth, IouKind kind, IEnumerable<(int Image, ScoredDetection Detection)> scored,
                                                                          int[]? maxDetections = null)
    {
        maxDetections ??= CocoEvalParams.MaxDetections;
        var byImage = scored.ToLookup(p => p.Image, p => p.Detection);
        var images = Enumerable.Range(0, truth.Images.Count).OrderBy(i => truth.Images[i].Id).ToArray();
        var categories = Enumerable.Range(0, truth.Categories.Count).OrderBy(k => truth.Categories[k].Id).ToArray();
        var ranges = CocoEvalParams.AreaRanges;
        var evaluations = new ImageEvaluation?[categories.Length, ranges.Length, images.Length];
        for (int i = 0; i < images.Length; i++)
        {
            var info = truth.Images[images[i]];
            var annotations = truth.Of(images[i]).ToList();
            for (int k = 0; k < categories.Length; k++)
            {
                var truths = annotations.Where(a => a.Label == categories[k]).Select(a => GroundTruth.From(a, info, kind)).ToList();
                var found = byImage[images[i]].Where(d => d.Label == categories[k]).OrderByDescending(d => d.Score)
                    .Take(maxDetections[^1]).ToList();
                var ious = CocoIou.Of(found, truths, kind);
                for (int a = 0; a < ranges.Length; a++) evaluations[k, a, i] = ImageEvaluation.Of(found, truths, ious, ranges[a]);
            }
        }
        return (Accumulation.Of(evaluations, maxDetections), categories);
    }
}
