using System.Buffers.Binary;
using Moby.Interop;
using Xunit;

namespace Moby.Tests.Interop;

public class CheckpointWriteTests
{
    [Fact]
    public void SafetensorsRoundTripIsBitIdenticalWithMetadataAndPaddedHeader()
    {
        using var temp = new TempDir();
        using var original = CheckpointFile.Read(GoldenFiles.PathOf("swin_micro.safetensors"));
        var path = temp.File("copy.safetensors");

        CheckpointFile.WriteSafetensors(path, original.State, original.Metadata);
        using var copy = CheckpointFile.Read(path);

        TensorAssert.BitIdentical(original.State, copy.State);
        Assert.Equal(original.Metadata, copy.Metadata);
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(File.ReadAllBytes(path).AsSpan(0, 8)) % 8);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void PlainStateDictPthRoundTripIsBitIdentical()
    {
        using var temp = new TempDir();
        using var original = CheckpointFile.Read(GoldenFiles.PathOf("deit_micro.safetensors"));
        var path = temp.File("plain.pth");

        CheckpointFile.WritePth(path, original.State);
        using var copy = CheckpointFile.Read(path);

        // A top-level plain dict loses its order in Razorvine, so compare as sets.
        Assert.Equal(original.State.Keys.Order(), copy.State.Keys.Order());
        foreach (var (key, tensor) in original.State) TensorAssert.BitIdentical(tensor, copy.State[key], key);
        Assert.Null(copy.Epoch);
    }

    [Fact]
    public void OfficialLayoutPthRoundTripKeepsOrderEpochConfigAndOptimizer()
    {
        using var temp = new TempDir();
        using var original = CheckpointFile.Read(GoldenFiles.PathOf("moby_swin_micro.official-checkpoint.pth"));
        var path = temp.File("official.pth");

        CheckpointFile.WritePth(path, new Dictionary<string, object?>
        {
            ["model"] = original.State,
            ["optimizer"] = original.Optimizer,
            ["lr_scheduler"] = original.Extra["lr_scheduler"],
            ["epoch"] = 7,
            ["config"] = original.Config,
        });
        using var copy = CheckpointFile.Read(path);

        TensorAssert.BitIdentical(original.State, copy.State);
        Assert.Equal(7, copy.Epoch);
        Assert.Equal(original.Config!.Keys, copy.Config!.Keys);
        Assert.Equal("ln", ((Dictionary<string, object?>)((Dictionary<string, object?>)copy.Config["MODEL"]!)["SWIN"]!)["NORM_BEFORE_MLP"]);
        Assert.NotNull(copy.Optimizer);
    }
}
