namespace Moby.Interop;

/// <summary>Tensors sharing a first key component (encoder, encoder_k, projector, queue1, ...).</summary>
public sealed record KeyGroup(string Name, int Tensors, long Elements);

/// <summary>A Swin backbone as far as its weight shapes tell.</summary>
public sealed record SwinShape(int EmbedDim, int InChans, int PatchSize, IReadOnlyList<int> Depths, IReadOnlyList<int> Heads, int? WindowSize, bool AbsolutePosEmbed, bool ConvStem = false)
{
    public override string ToString() =>
        $"Swin: embed {EmbedDim}, in_chans {InChans}, patch {PatchSize}{(ConvStem ? " (conv stem)" : "")}, depths [{string.Join(", ", Depths)}], heads [{string.Join(", ", Heads)}], window {WindowSize?.ToString() ?? "?"}, ape {AbsolutePosEmbed}";
}

/// <summary>A ViT/DeiT backbone as far as its weight shapes tell (the head count is not stored in any shape).</summary>
public sealed record VitShape(int EmbedDim, int InChans, int PatchSize, int Depth, int Tokens, bool ConvStem = false)
{
    public override string ToString() =>
        $"ViT/DeiT: embed {EmbedDim}, in_chans {InChans}, patch {PatchSize}{(ConvStem ? " (conv stem)" : "")}, depth {Depth}, tokens {Tokens} (incl. cls), heads unknown from shapes";
}

/// <summary>The MoBY parts: queue length and projector/predictor widths.</summary>
public sealed record MobyShape(int? QueueSize, int? ProjectorHidden, int? ProjectorOut, int? PredictorHidden)
{
    public override string ToString() =>
        $"MoBY: queue {QueueSize?.ToString() ?? "?"}, projector {ProjectorHidden?.ToString() ?? "?"} -> {ProjectorOut?.ToString() ?? "?"}, predictor hidden {PredictorHidden?.ToString() ?? "?"}";
}

/// <summary>A summary of a checkpoint for display; plain data, see <see cref="CheckpointInspector.Describe"/>.</summary>
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
        yield return $"file: {Path}";
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

    public override string ToString() => string.Join(Environment.NewLine, Lines());
}
