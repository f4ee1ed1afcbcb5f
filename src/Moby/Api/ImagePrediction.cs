namespace Moby;

/// <summary>The most probable classes of one image file, best first.</summary>
/// <param name="Image">The file.</param>
/// <param name="Top">The classes with their probabilities, most probable first.</param>
public sealed record ImagePrediction(string Image, IReadOnlyList<ClassProbability> Top);
