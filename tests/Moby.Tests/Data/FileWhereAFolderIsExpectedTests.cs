using Moby.Data;
using Moby.Data.Detection;
using Moby.Runs;
using Xunit;

namespace Moby.Tests.Data;

/// <summary>
/// A file given where a data folder is expected is said to be a file: the messages said the folder "does not exist",
/// which sends the user looking for a typo in a path that is there.
/// </summary>
public class FileWhereAFolderIsExpectedTests
{
    private static readonly ImageDecodeOptions Decoding = new() { MaxPixels = 1 << 20 };

    public static TheoryData<string> Readers() => ["imagefolder", "folder", "mnist", "predict", "coco"];

    [Theory]
    [MemberData(nameof(Readers))]
    public void AFileIsNamedAsAFileNotAMissingFolder(string reader)
    {
        using var dir = new TempDir();
        string file = dir.File("photo.png", [1, 2, 3]);
        Action open = reader switch
        {
            "predict" => () => PredictionFolder.Read(file, dir.File("out"), Decoding, null),
            "coco" => () => DetectionSource.Parse($"coco:{file}").Open(DataSplit.Train, Decoding, null),
            _ => () => DataSource.Parse($"{reader}:{file}").Open(DataSplit.Train).Dispose(),
        };
        string message = Assert.Throws<DataException>(open).Message;
        Assert.Contains($"'{file}' is a file; expected a folder", message);
        Assert.DoesNotContain("does not exist", message);
    }

    [Fact]
    public void AMissingFolderStillSaysSo()
    {
        using var dir = new TempDir();
        string missing = dir.File("nothing");
        Assert.Contains($"image folder '{missing}' does not exist",
                        Assert.Throws<DataException>(() => DataSource.Parse($"imagefolder:{missing}").Open(DataSplit.Train).Dispose()).Message);
    }
}
