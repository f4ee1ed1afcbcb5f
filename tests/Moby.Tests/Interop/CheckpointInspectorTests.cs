using Moby.Backbones;
using Moby.Interop;
using Xunit;

namespace Moby.Tests.Interop;

public class CheckpointInspectorTests
{
    [Fact]
    public void OfficialMobyCheckpointIsDescribedAsSwinMicroInsideMoby()
    {
        using var checkpoint = CheckpointFile.Read(GoldenFiles.PathOf("moby_swin_micro.official-checkpoint.pth"));

        var description = CheckpointInspector.Describe(checkpoint);

        // swin_micro (README): patch 2, embed 24, depths [2, 2], heads [2, 4], window 4; MoBY heads 128 -> 256, queue 64.
        var swin = description.Swin!;
        Assert.Equal((24, 3, 2, 4, false), (swin.EmbedDim, swin.InChans, swin.PatchSize, swin.WindowSize, swin.AbsolutePosEmbed));
        Assert.Equal([2, 2], swin.Depths);
        Assert.Equal([2, 4], swin.Heads);
        Assert.Equal(new MobyShape(64, 128, 256, 128), description.Moby);
        Assert.Equal(164, description.TensorCount);
        Assert.Equal(["queue1", "queue2", "queue_ptr", "encoder", "encoder_k", "projector", "projector_k", "predictor"], description.Groups.Select(g => g.Name));
        Assert.Equal(64 * 256, description.Groups.Single(g => g.Name == "queue1").Elements);
        Assert.Equal("ln", description.Config["MODEL.SWIN.NORM_BEFORE_MLP"]);
        Assert.Equal(0, description.Epoch);
        Assert.Contains(description.Lines(), l => l.StartsWith("architecture: Swin", StringComparison.Ordinal));
    }

    [Fact]
    public void DeitGoldenFileIsDescribedAsVit()
    {
        using var checkpoint = CheckpointFile.Read(GoldenFiles.PathOf("deit_micro.safetensors"));

        var description = CheckpointInspector.Describe(checkpoint);

        // deit_micro (README): image 32, patch 4, embed 48, depth 2 -> 64 patches + cls.
        Assert.Equal(new VitShape(48, 3, 4, 2, 65), description.Vit);
        Assert.Null(description.Swin);
        Assert.Null(description.Moby);
        Assert.Contains("config", description.Metadata.Keys);
    }

    [Fact]
    public void ConvStemCheckpointIsDescribedWithTheStemsInputAndPatch()
    {
        using var temp = new TempDir();
        var path = temp.File("stem.safetensors");
        using (var backbone = BackboneRegistry.Create(BackboneRegistry.Get("swin_micro_patch4_window8_32").WithConvStem(true)))
            CheckpointFile.WriteSafetensors(path, backbone.state_dict());
        using var checkpoint = CheckpointFile.Read(path);

        var swin = CheckpointInspector.Describe(checkpoint).Swin!;

        // Two stride-2 stages from 3 channels, then a 1x1 projection to 48: patch 4, not "in_chans 48, patch 1".
        Assert.Equal((48, 3, 4, true), (swin.EmbedDim, swin.InChans, swin.PatchSize, swin.ConvStem));
        Assert.Contains("patch 4 (conv stem)", swin.ToString());
    }
}
