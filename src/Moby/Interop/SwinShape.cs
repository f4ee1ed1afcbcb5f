namespace Moby.Interop;

/// <summary>A Swin backbone as far as its weight shapes tell.</summary>
/// <param name="EmbedDim">Channels of the first stage.</param>
/// <param name="InChans">Input channels.</param>
/// <param name="PatchSize">Patch side.</param>
/// <param name="Depths">Blocks per stage.</param>
/// <param name="Heads">Attention heads per stage (from the relative position bias tables).</param>
/// <param name="WindowSize">Window side, when a bias table tells it.</param>
/// <param name="AbsolutePosEmbed">An absolute position embedding is present.</param>
/// <param name="ConvStem">A convolutional stem replaces the patchify convolution.</param>
public sealed record SwinShape(int EmbedDim, int InChans, int PatchSize, IReadOnlyList<int> Depths, IReadOnlyList<int> Heads, int? WindowSize, bool AbsolutePosEmbed, bool ConvStem = false)
{
    /// <summary>One line, as <c>moby inspect</c> prints it.</summary>
    public override string ToString() =>
        $"Swin: embed {EmbedDim}, in_chans {InChans}, patch {PatchSize}{(ConvStem ? " (conv stem)" : "")}, depths [{string.Join(", ", Depths)}], heads [{string.Join(", ", Heads)}], window {WindowSize?.ToString() ?? "?"}, ape {AbsolutePosEmbed}";
}
