using System.IO.Compression;
using Razorvine.Pickle.Objects;
using static TorchSharp.torch;

namespace Moby.Interop;

/// <summary>
/// One tensor storage of a .pth archive, as the pickle's persistent id ("storage", torch.FloatStorage, key,
/// location, element count) describes it. Its bytes live in the entry "{root}data/{key}" and are read when a
/// tensor first needs them, after checking that the entry holds exactly element count x element size bytes.
/// </summary>
sealed class PthStorage
{
    static readonly Dictionary<string, ScalarType> TypesByName = new()
    {
        ["DoubleStorage"] = ScalarType.Float64, ["FloatStorage"] = ScalarType.Float32, ["HalfStorage"] = ScalarType.Float16,
        ["BFloat16Storage"] = ScalarType.BFloat16, ["LongStorage"] = ScalarType.Int64, ["IntStorage"] = ScalarType.Int32,
        ["ShortStorage"] = ScalarType.Int16, ["CharStorage"] = ScalarType.Int8, ["ByteStorage"] = ScalarType.Byte,
        ["BoolStorage"] = ScalarType.Bool,
    };

    readonly ZipArchiveEntry entry;
    Tensor? data;

    PthStorage(string key, ScalarType type, long elements, ZipArchiveEntry entry)
    {
        Key = key;
        Type = type;
        Elements = elements;
        this.entry = entry;
    }

    public string Key { get; }

    public ScalarType Type { get; }

    public long Elements { get; }

    /// <summary>A 1-D tensor of <see cref="Elements"/> elements (owned by the caller's dispose scope).</summary>
    public Tensor Data => data ??= Read();

    /// <summary>Validates a persistent id against the archive; <paramref name="root"/> is the folder of data.pkl.</summary>
    public static PthStorage From(object pid, ZipArchive archive, string root)
    {
        if (pid is not object[] { Length: 5 } fields || fields[0] is not "storage")
            throw new BadPickleException("data.pkl has a persistent id that is not a ('storage', type, key, location, size) record");
        var typeName = fields[1] is ClassDictConstructor { module: "torch" } type ? type.name : null;
        if (typeName is null || !TypesByName.TryGetValue(typeName, out var dtype))
            throw new BadPickleException($"data.pkl has a storage whose type is {PythonValues.Describe(fields[1])}, not one of torch.{string.Join(", torch.", TypesByName.Keys)}");
        if (fields[2] is not string key)
            throw new BadPickleException($"data.pkl has a storage whose key is {PythonValues.Describe(fields[2])}, not a string");
        var elements = PythonValues.Count(fields[4], $"the size of storage '{ShownNames.One(key)}'");
        var entry = archive.GetEntry($"{root}data/{key}")
            ?? throw new BadPickleException($"storage '{ShownNames.One(key)}' has no entry '{ShownNames.One(root)}data/{ShownNames.One(key)}' in the archive");
        var size = TensorBytes.ElementSize(dtype);
        if (elements > entry.Length / size || elements * size != entry.Length)
            throw new BadPickleException($"storage '{ShownNames.One(key)}' declares {elements:N0} elements of {dtype}, but its archive entry holds {entry.Length:N0} bytes");
        return new PthStorage(key, dtype, elements, entry);
    }

    public bool SameAs(PthStorage other) => other.Type == Type && other.Elements == Elements;

    Tensor Read()
    {
        var tensor = empty(Elements, Type, device: CPU);
        ZipEntries.ReadInto(entry, TensorBytes.Of(tensor));
        return tensor;
    }
}
