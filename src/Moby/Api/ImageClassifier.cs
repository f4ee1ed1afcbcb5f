using Moby.Data;
using Moby.Finetune;
using static TorchSharp.torch;
using Moby.Interop;

namespace Moby;

/// <summary>
/// A fine-tuned image classifier (<c>moby finetune</c>, <see cref="Finetuning.RunAsync"/>): loaded from its checkpoint,
/// which names its architecture, classes and normalisation, it classifies images as evaluation sees them (resized,
/// centre-cropped, normalised; eval mode). Colour files given to a one-channel model (Fashion-MNIST) are turned gray.
/// </summary>
public sealed class ImageClassifier : IDisposable
{
    private readonly Classifier model;
    private readonly ClassifierInfo info;

    internal ImageClassifier(Classifier model, ClassifierInfo info) => (this.model, this.info) = (model, info);

    /// <summary>Loads a classifier: a Moby.NET fine-tuned checkpoint, or a timm-style state_dict with a head (then name the architecture; classes are numbered).</summary>
    /// <param name="checkpoint">The checkpoint file (.pth or .safetensors).</param>
    /// <param name="model">The architecture: a preset name or YAML config; null takes the one stored in the checkpoint.</param>
    /// <exception cref="Moby.Interop.CheckpointFormatException">The file is damaged, not a checkpoint, or has no classification head (a backbone).</exception>
    /// <exception cref="Moby.Interop.CheckpointMismatchException">The weights do not fit the architecture.</exception>
    /// <exception cref="Moby.Config.ConfigException">The architecture cannot be known.</exception>
    public static ImageClassifier Load(string checkpoint, string? model = null)
    {
        var (classifier, stored) = ClassifierLoader.Load(checkpoint, model);
        return new ImageClassifier(classifier, stored);
    }

    /// <summary>The class names, in the order of the head's outputs.</summary>
    public IReadOnlyList<string> Classes => info.Classes;

    /// <summary>The side of the square images the network takes, in pixels.</summary>
    public int ImageSize => model.Backbone.ImageSize;

    /// <summary>The channels of the images the network takes (1 for Fashion-MNIST models, 3 for RGB).</summary>
    public int Channels => model.Backbone.InChans;

    /// <summary>Class probabilities [N, classes] of normalised images [N, <see cref="Channels"/>, <see cref="ImageSize"/>, <see cref="ImageSize"/>].</summary>
    /// <exception cref="ArgumentException">The images do not have the shape the network takes.</exception>
    public Tensor Classify(Tensor images)
    {
        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return nn.functional.softmax(model.call(images), 1).MoveToOuterDisposeScope();
    }

    /// <summary>The <paramref name="topK"/> most probable classes of one image file (JPEG, PNG, BMP or WebP).</summary>
    /// <exception cref="DataException">The file is missing or cannot be decoded.</exception>
    public ImagePrediction ClassifyFile(string path, int topK = 5)
    {
        var skipped = new List<string>();
        var predictions = Predict(new ImageFiles([path], null, [], Decoding), topK, skipped.Add);
        return predictions.Count == 1 ? predictions[0] : throw new DataException(skipped.FirstOrDefault() ?? $"{ShownNames.Path(path)} did not decode");
    }

    /// <summary>The <paramref name="topK"/> most probable classes of every image file under a folder (recursively, in ordinal order of the paths).</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="topK">Classes per image.</param>
    /// <param name="warn">Told about each image that does not decode (it is skipped); null: skipped silently.</param>
    /// <exception cref="DataException">The folder is missing or has no images.</exception>
    public IReadOnlyList<ImagePrediction> ClassifyFolder(string folder, int topK = 5, Action<string>? warn = null) =>
        Predict(FlatFolder.Open(folder, DataSplit.Unlabeled, Decoding), topK, warn);

    private ImageDecodeOptions Decoding => ImageDecodeOptions.Default with { TargetSize = ImageSize };

    private List<ImagePrediction> Predict(IImageDataset images, int topK, Action<string>? warn)
    {
        using (images)
            return new Predictor(model, info).Predict(images, topK, warn: warn)
                .Select(p => new ImagePrediction(p.Image, p.Classes.Select((c, r) => new ClassProbability(info.Classes[c], c, p.Probabilities[r])).ToList()))
                .ToList();
    }

    /// <summary>Frees the network's native memory.</summary>
    public void Dispose() => model.Dispose();
}
