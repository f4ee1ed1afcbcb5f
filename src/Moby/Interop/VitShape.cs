namespace Moby.Interop;

/// <summary>A ViT/DeiT backbone as far as its weight shapes tell (the head count is not stored in any shape).</summary>
/// <param name="EmbedDim">Token width.</param>
/// <param name="InChans">Input channels.</param>
/// <param name="PatchSize">Patch side.</param>
/// <param name="Depth">Blocks.</param>
/// <param name="Tokens">Tokens per image, with the class token.</param>
/// <param name="ConvStem">A convolutional stem replaces the patchify convolution.</param>
public sealed record VitShape(int EmbedDim, int InChans, int PatchSize, int Depth, int Tokens, bool ConvStem = false)
{
    /// <summary>One line, as <c>moby inspect</c> prints it.</summary>
    public override string ToString() =>
        $"ViT/DeiT: embed {EmbedDim}, in_chans {InChans}, patch {PatchSize}{(ConvStem ? " (conv stem)" : "")}, depth {Depth}, tokens {Tokens} (incl. cls), heads unknown from shapes";
}
