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
    internal static readonly Dictionary<string, ScalarType> TypesByName = new()
    {
        ["F64"] = ScalarType.Float64, ["F32"] = ScalarType.Float32, ["F16"] = ScalarType.Float16,
        ["BF16"] = ScalarType.BFloat16, ["I64"] = ScalarType.Int64, ["I32"] = ScalarType.Int32,
        ["I16"] = ScalarType.Int16, ["I8"] = ScalarType.Int8, ["U8"] = ScalarType.Byte, ["BOOL"] = ScalarType.Bool,
    };

    static readonly Dictionary<ScalarType, string> NamesByType = TypesByName.ToDictionary(p => p.Value, p => p.Key);

    /// <summary>
    /// True when the bytes start like a safetensors file: a header length, then '{'. The length itself is
    /// checked by <see cref="Read"/>, which can say what is wrong with it.
    /// </summary>
    public static bool LooksLike(ReadOnlySpan<byte> start) => start.Length >= 9 && start[8] == (byte)'{';

    public static Checkpoint Read(string path)
    {
        using var reader = SafetensorsReader.Open(path);
        var state = new Dictionary<string, Tensor>();
        try
        {
            foreach (var entry in reader.Header.Tensors)
                state.Add(entry.Name, reader.Read(entry));
        }
        catch
        {
            foreach (var tensor in state.Values) tensor.Dispose();
            throw;
        }
        return new Checkpoint(path, CheckpointFormats.Safetensors, state, metadata: new Dictionary<string, string>(reader.Header.Metadata));
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
                writer.WriteStartObject(SafetensorsHeader.MetadataKey);
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
