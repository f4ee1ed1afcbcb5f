namespace Moby.Interop;

/// <summary>A ViT/DeiT backbone as far as its weight shapes tell (the head count is not stored in any shape).</summary>
public sealed record VitShape(int EmbedDim, int InChans, int PatchSize, int Depth, int Tokens, bool ConvStem = false)
{
    public override string ToString() =>
        $"ViT/DeiT: embed {EmbedDim}, in_chans {InChans}, patch {PatchSize}{(ConvStem ? " (conv stem)" : "")}, depth {Depth}, tokens {Tokens} (incl. cls), heads unknown from shapes";
}
