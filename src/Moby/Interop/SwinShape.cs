namespace Moby.Interop;

/// <summary>A Swin backbone as far as its weight shapes tell.</summary>
public sealed record SwinShape(int EmbedDim, int InChans, int PatchSize, IReadOnlyList<int> Depths, IReadOnlyList<int> Heads, int? WindowSize, bool AbsolutePosEmbed, bool ConvStem = false)
{
    public override string ToString() =>
        $"Swin: embed {EmbedDim}, in_chans {InChans}, patch {PatchSize}{(ConvStem ? " (conv stem)" : "")}, depths [{string.Join(", ", Depths)}], heads [{string.Join(", ", Heads)}], window {WindowSize?.ToString() ?? "?"}, ape {AbsolutePosEmbed}";
}
