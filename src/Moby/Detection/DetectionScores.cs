using Moby.Detection.Evaluation;

namespace Moby.Detection;

/// <summary>COCO's metric of a detector on a validation split: boxes (COCOeval's "bbox") and masks ("segm"), and each class's AP of both.</summary>
/// <param name="Box">Box AP and AR (the trainer's monitor is <c>Box.Ap</c>).</param>
/// <param name="Mask">Mask AP and AR.</param>
/// <param name="PerClass">Each class's box and mask AP, in label order.</param>
public sealed record DetectionScores(CocoScores Box, CocoScores Mask, IReadOnlyList<ClassAp> PerClass)
{
    internal static DetectionScores From(CocoScores box, CocoScores mask, IReadOnlyList<string> classes) =>
        new(box, mask, classes.Select((name, c) => new ClassAp(name, box.ApPerCategory[c], mask.ApPerCategory[c])).ToList());
}
