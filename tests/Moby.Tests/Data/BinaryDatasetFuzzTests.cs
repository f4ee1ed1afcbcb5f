using Moby.Data;
using Xunit;

namespace Moby.Tests.Data;

/// <summary>
/// Mutated and truncated IDX, CIFAR and STL-10 files: each case opens and every image and label of it loads, or it
/// ends in one <see cref="DataException"/> naming the file (or its folder).
/// </summary>
public class BinaryDatasetFuzzTests
{
    const int Cases = 100;

    [Fact]
    public void DamagedIdxFilesLoadOrEndInOurError()
    {
        byte[] images = [.. BinaryDatasetDamageTests.IdxFile(0x0803, [5, 4, 6], 0), .. Pattern(5 * 4 * 6)];
        byte[] labels = [.. BinaryDatasetDamageTests.IdxFile(0x0801, [5], 0), 0, 3, 9, 1, 7];
        Run(((dir, split) => Idx.OpenMnist(dir, split), DataSplit.Train),
            ("train-images-idx3-ubyte", images, Mutants.First(16), 11),
            ("train-images-idx3-ubyte.gz", DatasetTests.Gzip(images), Mutants.First(32), 12),
            ("train-labels-idx1-ubyte", labels, Mutants.First(13), 13));
    }

    [Fact]
    public void DamagedCifarFilesLoadOrEndInOurError()
    {
        Run((Cifar.Open10, DataSplit.Test), ("test_batch.bin", Records(4, 3073, [0]), LabelOffsets(4, 3073, [0]), 21));
        Run((Cifar.Open100, DataSplit.Train), ("train.bin", Records(3, 3074, [0, 1]), LabelOffsets(3, 3074, [0, 1]), 22));
    }

    [Fact]
    public void DamagedStl10FilesLoadOrEndInOurError()
    {
        var names = "airplane\nbird\ncar\ncat\ndeer\ndog\nhorse\nmonkey\nship\ntruck\n"u8.ToArray();
        Run((Stl10.Open, DataSplit.Train),
            ("train_X.bin", Pattern(2 * 3 * 96 * 96), Mutants.First(64), 31),
            ("train_y.bin", [1, 10], Mutants.First(2), 32),
            ("class_names.txt", names, Mutants.First(names.Length), 33));
    }

    /// <summary>
    /// For each file: <see cref="Cases"/> mutants of it, each in a folder of its own beside valid copies of the other
    /// files, opened with <paramref name="open"/> and loaded completely.
    /// </summary>
    static void Run((Func<string, DataSplit, BinaryDataset> Open, DataSplit Split) open,
        params (string Name, byte[] Valid, int[] Hot, int Seed)[] files)
    {
        using var root = new TempDir();
        int n = 0, loaded = 0;
        foreach (var target in files)
        {
            foreach (var bytes in Mutants.Of(target.Valid, target.Seed, Cases, target.Hot))
            {
                var dir = Path.Combine(root.Path, $"case{n}");
                foreach (var other in files.Where(f => f.Name != target.Name && !IsOtherFormOf(f.Name, target.Name)))
                    root.File(Path.Combine(dir, other.Name), other.Valid);
                root.File(Path.Combine(dir, target.Name), bytes);
                bool ok = Mutants.EndsWellOrIn<DataException>(n++, dir, () => LoadsCompletely(open.Open(dir, open.Split)));
                loaded += ok ? 1 : 0;
            }
        }
        Assert.InRange(loaded, 1, n - 1); // both outcomes occur: the damage is neither always fatal nor always harmless
    }

    // A plain and a gzipped IDX file of the same data are alternatives: a folder holds one of them.
    static bool IsOtherFormOf(string a, string b) => a.TrimEnd(".gz".ToCharArray()) == b.TrimEnd(".gz".ToCharArray());

    static void LoadsCompletely(BinaryDataset data)
    {
        using (data)
        {
            Assert.Equal(data.NumClasses, data.ClassNames.Count);
            for (int i = 0; i < data.Count; i++)
            {
                var image = data.Load(i);
                Assert.Equal(image.Width * image.Height * image.Channels, image.Pixels.Length);
                Assert.InRange(data.Label(i), -1, data.NumClasses - 1);
            }
        }
    }

    static byte[] Pattern(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 31)).ToArray();

    static byte[] Records(int count, int recordBytes, int[] labelColumns)
    {
        var records = Pattern(count * recordBytes);
        foreach (int at in LabelOffsets(count, recordBytes, labelColumns))
            records[at] = (byte)(at % 10);
        return records;
    }

    static int[] LabelOffsets(int count, int recordBytes, int[] columns) =>
        Enumerable.Range(0, count).SelectMany(r => columns.Select(c => r * recordBytes + c)).ToArray();
}
