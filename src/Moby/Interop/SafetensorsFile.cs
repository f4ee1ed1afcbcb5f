using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace Moby.Interop;

/// <summary>
/// The safetensors format: an 8-byte little-endian header length, a JSON header (each tensor's dtype, shape
/// and data offsets, plus "__metadata__" strings), then the raw little-endian data. Own implementation
/// because PyBridge's reader drops the metadata and its writer does not pad the header to 8 bytes.
/// </summary>
static class SafetensorsFile
{
    const string MetadataKey = "__metadata__";

    // Python's safetensors refuses larger headers; a bigger value means the file is something else.
    const long MaxHeaderLength = 100_000_000;

    static readonly Dictionary<string, ScalarType> TypesByName = new()
    {
        ["F64"] = ScalarType.Float64, ["F32"] = ScalarType.Float32, ["F16"] = ScalarType.Float16,
        ["BF16"] = ScalarType.BFloat16, ["I64"] = ScalarType.Int64, ["I32"] = ScalarType.Int32,
        ["I16"] = ScalarType.Int16, ["I8"] = ScalarType.Int8, ["U8"] = ScalarType.Byte, ["BOOL"] = ScalarType.Bool,
    };

    static readonly Dictionary<ScalarType, string> NamesByType = TypesByName.ToDictionary(p => p.Value, p => p.Key);

    /// <summary>True when the bytes start like a safetensors file: a plausible header length, then '{'.</summary>
    public static bool LooksLike(ReadOnlySpan<byte> start, long fileLength) =>
        start.Length >= 9 && start[8] == (byte)'{' && BinaryPrimitives.ReadUInt64LittleEndian(start) is var n
        && n <= (ulong)Math.Min(MaxHeaderLength, fileLength - 8);

    public static Checkpoint Read(string path)
    {
        using var stream = File.OpenRead(path);
        var header = ReadHeader(stream, path);
        var dataStart = stream.Position;
        var dataLength = stream.Length - dataStart;
        var state = new Dictionary<string, Tensor>();
        var metadata = new Dictionary<string, string>();
        try
        {
            foreach (var entry in header.RootElement.EnumerateObject())
            {
                if (entry.Name == MetadataKey)
                    foreach (var item in entry.Value.EnumerateObject()) metadata[item.Name] = item.Value.GetString() ?? "";
                else
                    state.Add(entry.Name, ReadTensor(stream, dataStart, dataLength, entry, path));
            }
        }
        catch
        {
            foreach (var tensor in state.Values) tensor.Dispose();
            throw;
        }
        return new Checkpoint(path, CheckpointFormats.Safetensors, state, metadata: metadata);
    }

    static JsonDocument ReadHeader(Stream stream, string path)
    {
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var length = (long)BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (length > stream.Length - 8)
            throw new CheckpointFormatException(path, $"safetensors header of {length} bytes runs past the end of the {stream.Length}-byte file (truncated?)");
        var json = new byte[length];
        stream.ReadExactly(json);
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException(path, "the safetensors header is not valid JSON", e);
        }
    }

    static Tensor ReadTensor(Stream stream, long dataStart, long dataLength, JsonProperty entry, string path)
    {
        var dtypeName = entry.Value.GetProperty("dtype").GetString() ?? "";
        if (!TypesByName.TryGetValue(dtypeName, out var dtype))
            throw new CheckpointFormatException(path, $"tensor '{entry.Name}' has unsupported dtype '{dtypeName}'");
        var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength)
            throw new CheckpointFormatException(path, $"tensor '{entry.Name}' has data offsets [{string.Join(", ", offsets)}] outside the {dataLength} data bytes (truncated?)");

        var tensor = empty(shape, dtype);
        var bytes = TensorBytes.Of(tensor);
        if (bytes.Length != offsets[1] - offsets[0])
        {
            tensor.Dispose();
            throw new CheckpointFormatException(path, $"tensor '{entry.Name}' has {offsets[1] - offsets[0]} data bytes, its dtype and shape need {bytes.Length}");
        }
        stream.Position = dataStart + offsets[0];
        stream.ReadExactly(bytes);
        return tensor;
    }

    /// <summary>Writes the tensors in dictionary order; the header is padded with spaces to a multiple of 8.</summary>
    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var scope = NewDisposeScope();
        var plain = tensors.ToDictionary(p => p.Key, p => TensorBytes.Standalone(p.Value));
        var header = Header(plain, metadata);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var tensor in plain.Values) stream.Write(TensorBytes.Of(tensor));
    }

    static byte[] Header(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata) writer.WriteString(key, value);
                writer.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, tensor) in tensors)
            {
                var size = tensor.NumberOfElements * tensor.ElementSize;
                writer.WriteStartObject(name);
                writer.WriteString("dtype", NameOf(tensor.dtype, name));
                writer.WriteStartArray("shape");
                foreach (var d in tensor.shape) writer.WriteNumberValue(d);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + size);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += size;
            }
            writer.WriteEndObject();
        }
        // The reference implementation pads with spaces so that the data starts 8-byte aligned.
        var padding = (8 - (int)(json.Length % 8)) % 8;
        json.Write(Encoding.ASCII.GetBytes(new string(' ', padding)));
        return json.ToArray();
    }

    static string NameOf(ScalarType dtype, string tensorName) => NamesByType.TryGetValue(dtype, out var name)
        ? name
        : throw new ArgumentException($"Tensor '{tensorName}' has dtype {dtype}, which safetensors cannot store here.");
}
