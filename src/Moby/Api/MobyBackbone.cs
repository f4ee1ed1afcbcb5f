using Moby.Backbones;
using Moby.Config;
using Moby.Data;
using Moby.Evaluation;
using Moby.Runs;
using Moby.Interop;
using Moby.Training;
using static TorchSharp.torch;

namespace Moby;

/// <summary>
/// A vision backbone (Swin or DeiT/ViT, without classification head) that turns images into feature vectors:
/// loaded from any checkpoint Moby.NET reads, or the result of <see cref="Pretraining.RunAsync"/>.
/// Images are evaluated as in kNN and linear evaluation: resized and centre-cropped to <see cref="ImageSize"/>,
/// normalised, then the pooled features of the network in eval mode.
/// </summary>
public sealed class MobyBackbone : IDisposable
{
    internal MobyBackbone(Backbone module, double cropRatio)
    {
        Module = module;
        CropRatio = cropRatio;
    }

    /// <summary>
    /// Loads a backbone from a checkpoint: an official MoBY <c>.pth</c> (its online encoder), a Moby.NET checkpoint,
    /// a timm/Swin state_dict or a safetensors file.
    /// </summary>
    /// <param name="checkpoint">The checkpoint file.</param>
    /// <param name="model">The architecture: a preset name (e.g. <c>swin_tiny_patch4_window7_224</c>) or a YAML config
    /// file; null takes the configuration stored in the checkpoint.</param>
    /// <param name="prefix">Take the weights under this key prefix (e.g. <c>model.</c>); null finds them.</param>
    /// <exception cref="CheckpointFormatException">The file is not a checkpoint we read, or is damaged.</exception>
    /// <exception cref="ConfigException">The architecture cannot be known, or its configuration is invalid.</exception>
    /// <exception cref="CheckpointMismatchException">The weights do not fit the architecture.</exception>
    public static MobyBackbone Load(string checkpoint, string? model = null, string? prefix = null)
    {
        using var file = CheckpointFile.Read(checkpoint);
        var stored = file.Config is null ? null : ConfigTree.FromDictionary(file.Config, checkpoint);
        var module = BackboneLoader.Load(file, model, prefix);
        return new MobyBackbone(module, (stored ?? ConfigTree.Defaults()).Double("MOBYNET.EVAL_CROP_RATIO"));
    }

    /// <summary>A newly initialised backbone of a preset architecture (a baseline, or a start for your own training).</summary>
    /// <param name="preset">A preset name, e.g. <c>swin_micro_patch4_window8_32</c>.</param>
    /// <param name="seed">Seed of the random initialisation.</param>
    public static MobyBackbone Create(string preset, int seed = 0)
    {
        manual_seed(seed);
        return new MobyBackbone(BackboneRegistry.Create(preset), ConfigTree.Defaults().Double("MOBYNET.EVAL_CROP_RATIO"));
    }

    /// <summary>The preset names <see cref="Create"/> and <see cref="PretrainingSettings.Model"/> accept.</summary>
    public static IEnumerable<string> Presets => BackboneRegistry.Names;

    /// <summary>The TorchSharp module, for uses beyond embedding (fine-tuning, your own heads).</summary>
    public Backbone Module { get; }

    /// <summary>The side of the square images the network takes, in pixels.</summary>
    public int ImageSize => Module.ImageSize;

    /// <summary>The channels of the images the network takes (3 for RGB).</summary>
    public int Channels => Module.InChans;

    /// <summary>The evaluation transform's resize: the shorter side to <see cref="ImageSize"/> / CropRatio, then the centre crop.
    /// The checkpoint's <c>MOBYNET.EVAL_CROP_RATIO</c> when it has one.</summary>
    public double CropRatio { get; }

    /// <summary>The length of one image's feature vector.</summary>
    public int FeatureSize => (int)Module.NumFeatures;

    /// <summary>Features [N, <see cref="FeatureSize"/>] of normalised images [N, <see cref="Channels"/>, <see cref="ImageSize"/>, <see cref="ImageSize"/>].</summary>
    /// <param name="images">The images, already resized and normalised.</param>
    /// <param name="batchSize">Images per forward pass.</param>
    /// <exception cref="ArgumentException">The images do not have the shape the network takes.</exception>
    public Tensor Embed(Tensor images, int batchSize = 64) => FeatureExtractor.Extract(Module, images, batchSize);

    /// <summary>The feature vector of one image file (JPEG, PNG, BMP or WebP).</summary>
    /// <exception cref="DataException">The file is missing, cannot be decoded or is too large.</exception>
    public float[] EmbedFile(string path)
    {
        using var features = Embed(new ImageFiles([path], null, [], Decoding), 1);
        return features.contiguous().data<float>().ToArray();
    }

    /// <summary>The feature vectors of every image file under a folder (recursively, in ordinal order of the paths).</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="batchSize">Images per forward pass.</param>
    /// <exception cref="DataException">The folder is missing or has no images, or one of them cannot be decoded.</exception>
    public ImageEmbeddings EmbedFolder(string folder, int batchSize = 64)
    {
        var files = FlatFolder.Open(folder, DataSplit.Unlabeled, Decoding);
        var paths = Enumerable.Range(0, files.Count).Select(files.Describe).ToArray();
        return new ImageEmbeddings(paths, Embed(files, batchSize));
    }

    private ImageDecodeOptions Decoding => TrainingData.Decoding(ConfigTree.Defaults(), ImageSize);

    /// <summary>Every image of the data set, in order; strict, so that row i is always image i.</summary>
    private Tensor Embed(IImageDataset images, int batchSize)
    {
        var loader = new EvalLoader(images, new EvalTransform(new EvalTransformOptions { Size = ImageSize, CropRatio = CropRatio }, images.Stats), new LoaderOptions { BatchSize = batchSize, DropLast = false, Strict = true });
        var chunks = new List<Tensor>();
        try
        {
            foreach (var batch in loader.Batches())
                using (batch)
                    chunks.Add(FeatureExtractor.Forward(Module, batch.Images));
            return cat(chunks, 0);
        }
        finally
        {
            foreach (var chunk in chunks) chunk.Dispose();
        }
    }

    /// <summary>Frees the network's native memory.</summary>
    public void Dispose() => Module.Dispose();
}
