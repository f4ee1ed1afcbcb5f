using Moby.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli;

/// <summary>The moby command line: every subcommand, its help and examples.</summary>
public static class MobyApp
{
    /// <param name="console">Where help goes (default: the terminal); tests capture it.</param>
    /// <param name="errors">Where errors go (default: <see cref="CliErrors.Errors"/>, standard error); tests capture them.</param>
    public static int Run(string[] args, IAnsiConsole? console = null, IAnsiConsole? errors = null)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("moby");
            if (console != null) config.ConfigureConsole(console);
            config.AddCommand<QuickstartCommand>("quickstart")
                .WithDescription("The whole story on Fashion-MNIST: pre-train MoBY (10 min), kNN + linear evaluation with baselines, report.md.")
                .WithExample("quickstart")
                .WithExample("quickstart", "--minutes", "60", "--epochs", "6");
            config.AddCommand<PretrainCommand>("pretrain")
                .WithDescription("Pre-train a Swin or DeiT encoder with MoBY (self-supervised) on unlabeled images.")
                .WithExample("pretrain", "--config", "configs/moby_swin_fmnist.yaml")
                .WithExample("pretrain", "--config", "configs/moby_swin_tiny.yaml", "--data", "imagefolder:/data/imagenet", "--opt", "TRAIN.EPOCHS=100");
            config.AddCommand<FinetuneCommand>("finetune")
                .WithDescription("Fine-tune a pre-trained backbone with a new linear head into a classifier (all labels, a percentage, or N per class).")
                .WithExample("finetune", "--weights", "runs/moby_swin_fmnist/default/checkpoint.pth", "--labels", "10%")
                .WithExample("finetune", "--weights", "runs/moby_swin_fmnist/default/checkpoint.pth", "--labels", "1%", "--from-scratch");
            config.AddCommand<PredictCommand>("predict")
                .WithDescription("Classify an image, a folder of images or a data source with a fine-tuned classifier: top classes and probabilities.")
                .WithExample("predict", "--weights", "runs/finetune_swin_fmnist/10pct/checkpoint.pth", "--input", "photos/", "--output", "predictions.csv");
            config.AddCommand<InspectCommand>("inspect")
                .WithDescription("Show what a checkpoint (.pth or .safetensors) holds: format, architecture, parameters, epoch, config.")
                .WithExample("inspect", "runs/moby_swin_fmnist/default/checkpoint.pth");
            config.AddCommand<FeaturesCommand>("features")
                .WithDescription("Run a backbone in eval mode and write its pooled features to safetensors (key 'features').")
                .WithExample("features", "--weights", "runs/x/default/checkpoint.pth", "--input", "images.safetensors", "--output", "features.safetensors");
            config.AddCommand<EvaluateCommand>("evaluate")
                .WithDescription("kNN and fast linear evaluation of a backbone on a labelled data set, with the random-init and raw-pixel baselines.")
                .WithExample("evaluate", "--weights", "runs/moby_swin_fmnist/default/checkpoint.pth");
            config.AddCommand<KnnCommand>("knn")
                .WithDescription("Weighted kNN (k=20, T=0.07, cosine) of a backbone's features: top-1 and top-5 on the test split.");
            config.AddCommand<LinearCommand>("linear")
                .WithDescription("Fast linear probe on cached features (lr / weight decay chosen on a held-out part of the train split).");
            config.AddCommand<ExportCommand>("export")
                .WithDescription("Write a pre-training checkpoint as an official MoBY .pth plus the backbone as safetensors and .pth; a fine-tuned classifier as a timm-style .pth and safetensors.")
                .WithExample("export", "runs/x/default/checkpoint.pth", "--output", "exported");
            config.AddCommand<MakeScenesCommand>("make-scenes")
                .WithDescription("Generate the Fashion-MNIST scenes: a segmentation and instance benchmark (ADE20K layout + COCO instances).")
                .WithExample("make-scenes", "--output", "data/scenes", "--size", "64", "--train", "2000", "--val", "500");
            config.AddBranch("segment", segment =>
            {
                segment.SetDescription("Semantic segmentation with UPerNet on a pre-trained Swin (mmseg's recipe): train, eval, predict.");
                segment.AddCommand<SegmentTrainCommand>("train")
                    .WithDescription("Train UPerNet + auxiliary FCN on a backbone checkpoint (or --from-scratch); validation mIoU, predictions, resumable.")
                    .WithExample("segment", "train", "--weights", "checkpoint.pth", "--data", "ade20k:data/scenes");
                segment.AddCommand<SegmentEvalCommand>("eval")
                    .WithDescription("mIoU, mAcc, aAcc and per-class IoU (mmseg's definitions) of a segmentation checkpoint on a validation split.")
                    .WithExample("segment", "eval", "--weights", "runs/segment/default/checkpoint.pth");
                segment.AddCommand<SegmentPredictCommand>("predict")
                    .WithDescription("Colourised masks (palette PNGs whose indices are the classes) and a legend for a folder of images.")
                    .WithExample("segment", "predict", "--weights", "runs/segment/scenes/checkpoint.pth", "--input", "photos", "--output", "masks");
            });
            config.AddBranch("detect", detect =>
            {
                detect.SetDescription("Object detection and instance segmentation with Mask R-CNN on a pre-trained Swin (mmdet's recipe): train, eval, predict.");
                detect.AddCommand<DetectTrainCommand>("train")
                    .WithDescription("Train Mask R-CNN (FPN) on a backbone checkpoint (or --from-scratch) with the 1x schedule; every loss term logged, resumable.")
                    .WithExample("detect", "train", "--weights", "checkpoint.pth", "--data", "coco:data/scenes");
                detect.AddCommand<DetectEvalCommand>("eval")
                    .WithDescription("COCO box and mask AP (pycocotools' COCOeval: AP, AP50, AP75, APs/m/l, AR) and per-class AP of a detection checkpoint on a validation split.")
                    .WithExample("detect", "eval", "--weights", "runs/detect/scenes/checkpoint.pth")
                    .WithExample("detect", "eval", "--weights", "checkpoint.pth", "--data", "coco:data/coco/val2017,data/coco/annotations/instances_val2017.json", "--pictures", "0");
                detect.AddCommand<DetectPredictCommand>("predict")
                    .WithDescription("Boxes, masks and labels drawn on a folder of images (PNG), and detections.json in COCO's results format.")
                    .WithExample("detect", "predict", "--weights", "runs/detect/scenes/checkpoint.pth", "--input", "photos", "--output", "detections")
                    .WithExample("detect", "predict", "--weights", "checkpoint.pth", "--input", "photos", "--output", "detections", "--score-thr", "0.5");
            });
            config.AddBranch("bench", bench =>
            {
                bench.SetDescription("Measure speed: training iterations (train), feature extraction (infer), the data loader (data).");
                bench.AddCommand<BenchTrainCommand>("train")
                    .WithDescription("Time MoBY training iterations on synthetic data: ms/iteration, images/s, GFLOP/s and its share of the matmul peak of the library that multiplies the linear layers and of the hardware's FMA peak.")
                    .WithExample("bench", "train", "--model", "swin_tiny_patch4_window7_224", "--batch", "8");
                bench.AddCommand<BenchInferCommand>("infer")
                    .WithDescription("Time eval-mode feature extraction: features/s and its share of the matmul peak of the library that multiplies the linear layers and of the hardware's FMA peak.");
                bench.AddCommand<BenchDataCommand>("data")
                    .WithDescription("Two-view loader throughput per worker count: 224 px from generated JPEG photos, and 28 px Fashion-MNIST.");
            });
            config.SetExceptionHandler((exception, _) => CliErrors.Report(exception));
        });
        var previous = CliErrors.Override.Value;
        CliErrors.Override.Value = errors ?? previous;
        try
        {
            return app.Run(args);
        }
        finally
        {
            CliErrors.Override.Value = previous;
        }
    }
}
