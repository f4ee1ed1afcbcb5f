using Moby.Backbones;
using Moby.Config.Memory;
using Moby.Interop;
using static TorchSharp.torch;

namespace Moby.Runs;

/// <summary>
/// The images of <c>moby features --input X.safetensors</c>: the tensor 'input' [N, C, H, W] of a file its user made (or
/// crafted). Its dtype and shape are checked from the file's header before any of its bytes are read (floating-point,
/// the model's channels and size, at least one image, and features that the memory limit can hold), then it is read one
/// batch at a time: what it costs is one batch of images and the features, however large the file. Each refusal is
/// one line naming the file.
/// </summary>
internal sealed class TensorFileInput : IDisposable
{
    private const string Name = "input";
    private readonly SafetensorsReader file;
    private readonly SafetensorsEntry images;

    private TensorFileInput(SafetensorsReader file, SafetensorsEntry images) => (this.file, this.images) = (file, images);

    /// <summary>The images in the file.</summary>
    public long Count => images.Shape[0];

    /// <param name="memory">What the features of all the images (float32, held twice while they are put together) must fit.</param>
    public static TensorFileInput Open(string path, Backbone model, MemoryLimit memory)
    {
        var file = CheckpointFile.OpenSafetensors(path);
        try
        {
            var entry = file.Header.Tensors.FirstOrDefault(t => t.Name == Name)
                        ?? throw new ArgumentException($"{ShownNames.Path(path)} has no tensor '{Name}' [B, C, H, W]; it holds: " +
                                                       $"{string.Join(", ", file.Header.Tensors.Take(10).Select(t => ShownNames.One(t.Name)))}.");
            Check(entry, model, path);
            CheckFeatures(entry.Shape[0], model.NumFeatures, path, memory);
            return new TensorFileInput(file, entry);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Images [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) as float32, the model's type
    /// (F16, BF16 or F64 images would stop LibTorch at the first layer).</summary>
    public Tensor Batch(long first, long count)
    {
        var batch = Read(first, count);
        if (batch.dtype == ScalarType.Float32) return batch;
        using (batch) return batch.to(ScalarType.Float32);
    }

    private Tensor Read(long first, long count)
    {
        try
        {
            return file.ReadRows(images, first, count);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointFormatException(file.Path, $"cannot read tensor '{Name}' ({ShownNames.IoMessage(e)})", e);
        }
    }

    /// <summary>
    /// An empty batch, integer or bool pixels or the wrong number of channels is one line naming the file, not LibTorch's
    /// "expected scalar type Long but found Float" (or an empty cat's "tensors").
    /// </summary>
    private static void Check(SafetensorsEntry entry, Backbone model, string path)
    {
        var expected = $"expected floating-point images [N, {model.InChans}, {model.ImageSize}, {model.ImageSize}] with N >= 1";
        var (type, dims) = (entry.Type, entry.Shape);
        var shape = $"[{string.Join(", ", dims)}]";
        var problem = type is not (ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64) ? $"holds {type} values"
            : dims.Length != 4 ? $"has shape {shape}"
            : dims[0] == 0 ? $"has shape {shape}, no images"
            : dims[1] != model.InChans ? $"has shape {shape}, {dims[1]} channels"
            : dims[2] != model.ImageSize || dims[3] != model.ImageSize ? $"has shape {shape}, images of {dims[2]} x {dims[3]}"
            : null;
        if (problem is not null)
            throw new ArgumentException($"{ShownNames.Path(path)}: tensor '{Name}' {problem}; {expected}.");
    }

    /// <summary>The features of every image are held (and twice while the batches' are put together): a file of a few
    /// bytes' header and a sparse payload can declare billions of images.</summary>
    private static void CheckFeatures(long count, long features, string path, MemoryLimit memory)
    {
        double bytes = 2.0 * count * features * sizeof(float);
        if (bytes > memory.Bytes)
            throw new ArgumentException($"{ShownNames.Path(path)}: tensor '{Name}' holds {count:N0} images, whose {features} features each would need about " +
                                        $"{MemoryLimit.Size(bytes)}, more than the limit of {memory}.");
    }

    public void Dispose() => file.Dispose();
}
