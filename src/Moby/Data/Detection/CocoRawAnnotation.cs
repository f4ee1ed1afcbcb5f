namespace Moby.Data.Detection;

/// <summary>
/// An annotation as written, its ids not yet resolved (the parser fills it field by field). <see cref="Problem"/> is
/// the first thing found wrong with it; the error is raised once the object is read, so that it can name the id.
/// </summary>
internal sealed class CocoRawAnnotation
{
    public long? Id, ImageId, CategoryId;
    public double[]? Box;
    public double? Area;
    public bool Crowd;
    public CocoShape? Shape;
    public string? Problem;
    public int Position;

    public string Name => Id is { } id ? $"annotation {id}" : $"annotation number {Position + 1} (no id)";

    /// <summary>Records <paramref name="problem"/> unless an earlier one was; the value to go on with.</summary>
    public T? Fail<T>(string problem)
    {
        Problem ??= problem;
        return default;
    }
}
