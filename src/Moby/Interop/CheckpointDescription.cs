namespace Moby.Interop;

/// <summary>A summary of a checkpoint for display; plain data, see <see cref="CheckpointInspector.Describe"/>.</summary>
/// <param name="Path">The file.</param>
/// <param name="Format"><see cref="CheckpointFormats.Pth"/> or <see cref="CheckpointFormats.Safetensors"/>.</param>
/// <param name="TensorCount">Tensors in the weights.</param>
/// <param name="ParameterCount">Floating-point elements in the weights.</param>
/// <param name="Groups">Tensors by first key component.</param>
/// <param name="Epoch">The training epoch, when stored.</param>
/// <param name="Config">The stored configuration, flattened to dotted keys.</param>
/// <param name="Metadata">The safetensors metadata.</param>
/// <param name="Swin">The Swin architecture the shapes tell, if any.</param>
/// <param name="Vit">The ViT/DeiT architecture the shapes tell, if any.</param>
/// <param name="Moby">The MoBY heads and queues, if any.</param>
public sealed record CheckpointDescription(
    string Path,
    string Format,
    int TensorCount,
    long ParameterCount,
    IReadOnlyList<KeyGroup> Groups,
    int? Epoch,
    IReadOnlyDictionary<string, string> Config,
    IReadOnlyDictionary<string, string> Metadata,
    SwinShape? Swin,
    VitShape? Vit,
    MobyShape? Moby)
{
    /// <summary>Plain-text lines, one fact per line.</summary>
    public IEnumerable<string> Lines()
    {
        yield return $"file: {ShownNames.Path(Path)}";
        yield return $"format: {Format}";
        yield return $"tensors: {TensorCount}, parameters (floating-point elements): {ParameterCount:N0}";
        if (Epoch is { } epoch) yield return $"epoch: {epoch}";
        yield return $"architecture: {Swin?.ToString() ?? Vit?.ToString() ?? "unknown"}";
        if (Moby is not null) yield return Moby.ToString();
        yield return "key groups:";
        foreach (var group in Groups) yield return $"  {group.Name}: {group.Tensors} tensors, {group.Elements:N0} elements";
        foreach (var (key, value) in Config) yield return $"config {key} = {value}";
        foreach (var (key, value) in Metadata) yield return $"metadata {key} = {value}";
    }

    /// <summary>The description as <c>moby inspect</c> prints it (<see cref="Lines"/> joined).</summary>
    public override string ToString() => string.Join(Environment.NewLine, Lines());
}
