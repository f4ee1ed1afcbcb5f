using Moby.Backbones.Swin;
using Moby.Backbones.Vit;
using Moby.Interop;

namespace Moby.Backbones;

/// <summary>
/// Named architectures (timm-style presets). ImageNet presets are the official ones; the small-image presets
/// are ours, sized for 28-32 px (MNIST, Fashion-MNIST, CIFAR) and 96 px (STL-10) inputs on a CPU.
/// </summary>
public static class BackboneRegistry
{
    private static readonly Dictionary<string, IBackboneConfig> Presets = new()
    {
        ["swin_tiny_patch4_window7_224"] = new SwinConfig { EmbedDim = 96, Depths = [2, 2, 6, 2], NumHeads = [3, 6, 12, 24] },
        ["swin_small_patch4_window7_224"] = new SwinConfig { EmbedDim = 96, Depths = [2, 2, 18, 2], NumHeads = [3, 6, 12, 24] },
        ["swin_base_patch4_window7_224"] = new SwinConfig { EmbedDim = 128, Depths = [2, 2, 18, 2], NumHeads = [4, 8, 16, 32] },
        // 28 px: 14x14 tokens in 7x7 windows (shifted), then 7x7 (one window) after merging.
        ["swin_mini_patch2_window7_28"] = new SwinConfig { ImgSize = 28, PatchSize = 2, WindowSize = 7, EmbedDim = 64, Depths = [2, 6], NumHeads = [2, 4] },
        // 28 px, smaller and faster: 14x14 tokens in 7x7 windows, then 7x7.
        ["swin_nano_patch2_window7_28"] = new SwinConfig { ImgSize = 28, PatchSize = 2, WindowSize = 7, EmbedDim = 48, Depths = [2, 4], NumHeads = [2, 4] },
        // 28 px: 7x7 tokens in one 7x7 window (global attention with a relative position bias), one stage.
        ["swin_nano_patch4_window7_28"] = new SwinConfig { ImgSize = 28, PatchSize = 4, WindowSize = 7, EmbedDim = 96, Depths = [6], NumHeads = [3] },
        // 32 px, the Fashion-MNIST recipe's (with MOBYNET.CONV_STEM): 8x8 -> 4x4 -> 2x2 tokens, each stage one window
        // (global attention); narrow but a 192-wide final feature, and the fastest per epoch (docs/results.md).
        ["swin_micro_patch4_window8_32"] = new SwinConfig { ImgSize = 32, PatchSize = 4, WindowSize = 8, EmbedDim = 48, Depths = [2, 2, 2], NumHeads = [2, 4, 8] },
        // 32 px: 16x16 -> 8x8 -> 4x4 tokens in 4x4 windows.
        ["swin_mini_patch2_window4_32"] = new SwinConfig { ImgSize = 32, PatchSize = 2, WindowSize = 4, EmbedDim = 64, Depths = [2, 2, 4], NumHeads = [2, 4, 8] },
        // 96 px: 24x24 -> 12x12 -> 6x6 -> 3x3 tokens in 6x6 windows (clipped to 3 in the last stage).
        ["swin_tiny_patch4_window6_96"] = new SwinConfig { ImgSize = 96, PatchSize = 4, WindowSize = 6, EmbedDim = 96, Depths = [2, 2, 6, 2], NumHeads = [3, 6, 12, 24] },
        ["deit_tiny_patch16_224"] = new VitConfig { EmbedDim = 192, NumHeads = 3 },
        ["deit_small_patch16_224"] = new VitConfig { EmbedDim = 384, NumHeads = 6 },
        ["deit_base_patch16_224"] = new VitConfig { EmbedDim = 768, NumHeads = 12 },
        ["deit_mini_patch4_28"] = new VitConfig { ImgSize = 28, PatchSize = 4, EmbedDim = 192, Depth = 6, NumHeads = 3 },
        ["deit_nano_patch4_28"] = new VitConfig { ImgSize = 28, PatchSize = 4, EmbedDim = 128, Depth = 4, NumHeads = 4 },
        ["deit_mini_patch4_32"] = new VitConfig { ImgSize = 32, PatchSize = 4, EmbedDim = 192, Depth = 6, NumHeads = 3 },
        ["deit_small_patch8_96"] = new VitConfig { ImgSize = 96, PatchSize = 8, EmbedDim = 384, NumHeads = 6 },
    };

    /// <summary>The preset names, e.g. <c>swin_tiny_patch4_window7_224</c>, <c>deit_small_patch16_224</c>, <c>swin_micro_patch4_window8_32</c>.</summary>
    public static IEnumerable<string> Names => Presets.Keys;

    /// <summary>The preset's configuration (a SwinConfig or VitConfig record, to adjust with <c>with</c>).</summary>
    public static IBackboneConfig Get(string name) =>
        Presets.TryGetValue(name, out var config)
            ? config
            : throw new ArgumentException($"Unknown model '{ShownNames.One(name)}'. Known models: {string.Join(", ", Presets.Keys)}.");

    /// <summary>A newly initialised backbone of <paramref name="config"/> (seed with <c>torch.manual_seed</c> first for a reproducible one).</summary>
    public static Backbone Create(IBackboneConfig config) => config.Create();

    /// <summary>A newly initialised backbone of the preset <paramref name="name"/>.</summary>
    public static Backbone Create(string name) => Create(Get(name));
}
