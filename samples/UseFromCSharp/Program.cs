// The README's "Use from C#", end to end: pre-train a backbone for a few steps (with plots, from the Moby.NET.Reporting
// package), load it from its checkpoint, embed images (a file, a folder, a tensor), evaluate it with kNN and a linear
// probe, fine-tune it into a classifier and classify a folder with it. Optional arguments: another checkpoint
// to load and embed with (an official MoBY .pth, a timm/Swin state_dict, safetensors), and its architecture (a preset
// or a YAML config) when the checkpoint does not say.
using Moby;
using Moby.Reporting;
using static TorchSharp.torch;

string work = Directory.CreateTempSubdirectory("moby-sample-").FullName;
try
{
    string images = StripeImages.Write(Path.Combine(work, "stripes"));

    // Pre-train: typed settings, progress, cancellation; the output folder is optional (null: no files written).
    var settings = new PretrainingSettings
    {
        Model = "swin_micro_patch4_window8_32",
        Data = $"imagefolder:{images}",
        Epochs = 2, WarmupEpochs = 0, BatchSize = 16, BaseLearningRate = 0.004,
        QueueSize = 64, ProjectorHiddenSize = 256,
        OutputDirectory = Path.Combine(work, "runs"),
        Plots = new PngPlots(),                       // loss.png, lr.png, ... beside metrics.jsonl; null: no plots
    };
    var progress = new Progress<PretrainingProgress>(p => Console.WriteLine($"step {p.Step}/{p.TotalSteps}: loss {p.Loss:F3}"));
    using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(5));
    using var run = await Pretraining.RunAsync(settings, progress, cancel.Token);
    Console.WriteLine($"pre-training: {run.Outcome} after {run.Steps} steps, checkpoint {run.CheckpointPath}");

    // Load a backbone from any checkpoint we read, and embed images.
    using var backbone = MobyBackbone.Load(run.CheckpointPath!);
    float[] one = backbone.EmbedFile(Path.Combine(images, "val", "vertical", "000.png"));
    using var folder = backbone.EmbedFolder(Path.Combine(images, "val"));
    using var batch = randn(4, backbone.Channels, backbone.ImageSize, backbone.ImageSize);
    using var features = backbone.Embed(batch);
    Console.WriteLine($"embeddings: a file -> {one.Length} values, a folder -> [{string.Join(", ", folder.Features.shape)}], a tensor -> [{string.Join(", ", features.shape)}]");

    // Evaluate: kNN and a linear probe on a labelled data set (train/ to fit, val/ to score).
    var knn = await BackboneEvaluation.KnnAsync(backbone, $"imagefolder:{images}");
    var linear = await BackboneEvaluation.LinearAsync(backbone, $"imagefolder:{images}", new EvaluationSettings { LinearEpochs = 20 });
    Console.WriteLine($"kNN top-1 {knn.Top1:P1}, linear top-1 {linear.Top1:P1} on {knn.Scored}");

    // Fine-tune: the pre-trained backbone and a new linear head trained end to end on labelled images (here all of them
    // but a held-out few; Labels = "10%" or "5-per-class" takes a stratified subset); then classify with it.
    using var tuned = await Finetuning.RunAsync(new FinetuningSettings
    {
        Weights = run.CheckpointPath, Data = $"imagefolder:{images}", Labels = "all", HeldOut = 8,
        Epochs = 4, WarmupEpochs = 0, BatchSize = 8, BaseLearningRate = 0.05,
        Options = ["AUG.MIXUP=0", "AUG.CUTMIX=0"],                // mixup / cutmix: on in the supervised Swin recipe
        OutputDirectory = Path.Combine(work, "runs"),
    }, cancellationToken: cancel.Token);
    using var classifier = ImageClassifier.Load(tuned.CheckpointPath!);
    var predictions = classifier.ClassifyFolder(Path.Combine(images, "val"), topK: 1);
    int right = predictions.Count(p => p.Top[0].Class == Path.GetFileName(Path.GetDirectoryName(p.Image)));
    Console.WriteLine($"fine-tuned: test top-1 {tuned.TestTop1:P1}; {right} of {predictions.Count} val images in their folder's class");

    Require(one.Length == backbone.FeatureSize, "a file's embedding has the backbone's feature size");
    Require(tuned.Outcome == FinetuningOutcome.Finished && classifier.Classes.SequenceEqual(["horizontal", "vertical"]), "fine-tuning ran and named the classes");
    Require(right >= 12, "the classifier puts most val images in their folder's class");
    Require(folder.Files.Count == 16 && folder.Features.shape[0] == 16, "a folder's 16 images give 16 embeddings");
    Require(features.shape[0] == 4 && features.shape[1] == backbone.FeatureSize, "a tensor's 4 images give 4 embeddings");
    Require(run.Outcome == PretrainingOutcome.Finished && run.Steps == 6, "2 epochs of 3 steps ran");
    Require(File.Exists(Path.Combine(Path.GetDirectoryName(run.CheckpointPath)!, "loss.png")), "the run drew its loss curve");
    Require(knn.Top1 >= 0.75, "kNN tells the stripes apart by direction");

    if (args.Length > 0)
    {
        using var other = MobyBackbone.Load(args[0], model: args.Length > 1 ? args[1] : null);
        using var input = randn(2, other.Channels, other.ImageSize, other.ImageSize);
        using var embedded = other.Embed(input);
        Console.WriteLine($"{args[0]}: {other.Module.GetName()} at {other.ImageSize} px -> [{string.Join(", ", embedded.shape)}]");
        Require(embedded.shape[1] == other.FeatureSize, "the other checkpoint's embeddings have its feature size");
    }
    Console.WriteLine("sample: all checks passed");
}
finally
{
    Directory.Delete(work, recursive: true);
}

static void Require(bool condition, string what)
{
    if (!condition) throw new InvalidOperationException($"sample check failed: {what}");
}
