using System.Text.Json;
using static TorchSharp.torch;

namespace Moby.Interop;

/// <summary>
/// A safetensors JSON header, validated as the format's reference implementation does before any tensor is
/// made: every dtype known, every shape entry non-negative and their product (times the element size) free of
/// overflow and equal to the tensor's byte range, and the ranges, sorted, tiling the data section exactly
/// (no gaps, no overlaps, nothing left over). Each problem is a <see cref="CheckpointFormatException"/> naming
/// the file and the tensor.
/// </summary>
sealed class SafetensorsHeader
{
    public const string MetadataKey = "__metadata__";

    SafetensorsHeader(IReadOnlyList<SafetensorsEntry> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>In file order.</summary>
    public IReadOnlyList<SafetensorsEntry> Tensors { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    public static SafetensorsHeader Parse(byte[] json, long dataLength, IReadOnlyDictionary<string, ScalarType> types, string path)
    {
        using var document = ParseJson(json, path);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw FormatError(path, "the safetensors header is not a JSON object");
        var tensors = new List<SafetensorsEntry>();
        var metadata = new Dictionary<string, string>();
        var names = new HashSet<string>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (!names.Add(property.Name))
                throw FormatError(path, $"the safetensors header has the key '{ShownNames.One(property.Name)}' twice");
            if (property.Name == MetadataKey) ReadMetadata(property.Value, metadata, path);
            else tensors.Add(ReadEntry(property, types, dataLength, path));
        }
        CheckTiling(tensors, dataLength, path);
        return new SafetensorsHeader(tensors, metadata);
    }

    static JsonDocument ParseJson(byte[] json, string path)
    {
        try
        {
            CountEntries(json, path);
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw FormatError(path, $"the safetensors header is not valid JSON ({ShownNames.Path(e.Message)})");
        }
    }

    /// <summary>
    /// Refuses a header with more than <see cref="CheckpointLimits.MaxTensors"/> entries before any of them is
    /// parsed into a document or made into a tensor: a 99 MB header (under the 100 MB limit) describing 1.7
    /// million empty tensors took 2.5 GB and 27 s. One pass of the forward-only reader, which allocates nothing.
    /// </summary>
    static void CountEntries(byte[] json, string path)
    {
        var reader = new Utf8JsonReader(json);
        var entries = 0;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1) continue;
            if (++entries > CheckpointLimits.MaxTensors + 1) // + 1: the __metadata__ entry
                throw FormatError(path, $"the safetensors header describes more than {CheckpointLimits.MaxTensors:N0} tensors (the limit for a checkpoint)");
        }
    }

    static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw FormatError(path, $"the safetensors {MetadataKey} is not an object of strings");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw FormatError(path, $"the safetensors {MetadataKey} entry '{ShownNames.One(item.Name)}' is not a string");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw FormatError(path, $"the safetensors {MetadataKey} has the key '{ShownNames.One(item.Name)}' twice");
        }
    }

    static SafetensorsEntry ReadEntry(JsonProperty property, IReadOnlyDictionary<string, ScalarType> types, long dataLength, string path)
    {
        var name = ShownNames.One(property.Name);
        var value = property.Value;
        if (value.ValueKind != JsonValueKind.Object)
            throw FormatError(path, $"tensor '{name}' is not described by a JSON object");
        var dtype = Field(value, "dtype", name, path);
        if (dtype.ValueKind != JsonValueKind.String || !types.TryGetValue(dtype.GetString()!, out var type))
            throw FormatError(path, $"tensor '{name}' has unsupported dtype {dtype.GetRawText()}; supported: {string.Join(", ", types.Keys)}");
        var shape = Integers(Field(value, "shape", name, path), $"tensor '{name}' shape", path);
        if (shape.Length > CheckpointLimits.MaxDimensions)
            throw FormatError(path, $"tensor '{name}' has {shape.Length} dimensions, more than {CheckpointLimits.MaxDimensions}");
        var offsets = Integers(Field(value, "data_offsets", name, path), $"tensor '{name}' data_offsets", path);
        if (offsets.Length != 2 || offsets[1] < offsets[0] || offsets[1] > dataLength)
            throw FormatError(path, $"tensor '{name}' has data offsets [{string.Join(", ", offsets)}] outside the {dataLength} data bytes (truncated?)");
        var bytes = ByteCount(shape, TensorBytes.ElementSize(type));
        if (bytes != offsets[1] - offsets[0])
            throw FormatError(path, $"tensor '{name}' has {offsets[1] - offsets[0]} data bytes, its dtype and shape [{string.Join(", ", shape)}] need {(bytes is null ? "more than 2^63" : bytes.ToString())}");
        return new SafetensorsEntry(property.Name, type, shape, offsets[0], offsets[1]);
    }

    static JsonElement Field(JsonElement value, string field, string name, string path) =>
        value.TryGetProperty(field, out var result) ? result : throw FormatError(path, $"tensor '{name}' has no \"{field}\"");

    /// <summary>A JSON array of non-negative integers that fit in 64 bits.</summary>
    static long[] Integers(JsonElement array, string what, string path)
    {
        if (array.ValueKind != JsonValueKind.Array)
            throw FormatError(path, $"{what} is not a list of integers");
        return array.EnumerateArray()
            .Select(item => item.ValueKind == JsonValueKind.Number && item.TryGetInt64(out var n) && n >= 0
                ? n
                : throw FormatError(path, $"{what} holds {item.GetRawText()}, not a non-negative integer"))
            .ToArray();
    }

    /// <summary>Product of the shape times the element size, or null when it overflows.</summary>
    static long? ByteCount(long[] shape, long elementSize)
    {
        try
        {
            return shape.Aggregate(elementSize, (product, d) => checked(product * d));
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    static void CheckTiling(List<SafetensorsEntry> tensors, long dataLength, string path)
    {
        long end = 0;
        SafetensorsEntry? previous = null;
        foreach (var tensor in tensors.OrderBy(t => t.Begin).ThenBy(t => t.End))
        {
            if (tensor.Begin < end)
                throw FormatError(path, $"tensor '{ShownNames.One(tensor.Name)}' bytes [{tensor.Begin}, {tensor.End}) overlap those of '{ShownNames.One(previous!.Name)}' [{previous.Begin}, {previous.End})");
            if (tensor.Begin > end)
                throw FormatError(path, $"the data section has unused bytes [{end}, {tensor.Begin}) before tensor '{ShownNames.One(tensor.Name)}'");
            end = tensor.End;
            previous = tensor;
        }
        if (end != dataLength)
            throw FormatError(path, $"the tensors cover {end} of the {dataLength} data bytes; the rest belongs to no tensor");
    }

    static CheckpointFormatException FormatError(string path, string problem) => new(path, problem);
}
