using Moby.Backbones.Swin;
using Moby.Config;
using Moby.Config.Memory;
using Moby.Evaluation;
using Moby.Interop;
using static TorchSharp.torch;
using Moby.Segmentation;

namespace Moby.Runs;

/// <summary>
/// A transfer model (segment train, detect train) with its backbone: a pre-trained Swin (any checkpoint
/// <see cref="BackboneLoader"/> reads) moved into the task's padded pyramid, or with <c>fromScratch</c> the architecture
/// alone, from the checkpoint when one is named, else from the tree's model keys.
/// </summary>
internal static class PyramidBackbone
{
    /// <param name="task">The task, named in messages ("segmentation", "detection").</param>
    /// <param name="memory">The task's training estimate for a pre-trained backbone and its file (null, null: the tree's
    /// keys), checked before the model is built.</param>
    /// <param name="pyramid">The task's padded configuration of a pre-trained Swin's (its windows and drop path).</param>
    /// <param name="create">The model on a padded Swin.</param>
    /// <param name="backbone">The model's pyramid, which the pre-trained weights go into.</param>
    public static TModel Build<TModel>(ConfigTree tree, string? weights, bool fromScratch, string task, Func<SwinConfig?, string?, MemoryEstimate> memory,
                                       Func<SwinConfig, SwinConfig> pyramid, Func<SwinConfig, TModel> create, Func<TModel, SwinPyramid> backbone)
        where TModel : nn.Module
    {
        if (weights is null)
        {
            if (!fromScratch) throw new ConfigException("Name the pre-trained backbone (--weights CHECKPOINT) or train from scratch (--from-scratch).");
            var encoder = ModelConfigs.Encoder(tree) as SwinConfig ?? throw new ConfigException($"A {task} model needs a Swin backbone (MODEL.MOBY.ENCODER swin).");
            RunMemory.Check(tree, memory(null, null));
            return create(pyramid(encoder));
        }
        using var pretrained = BackboneLoader.Load(weights, model: null);
        var swin = pretrained as SwinTransformer ?? throw new ConfigException($"{ShownNames.Path(weights)} holds a {pretrained.GetName()}; {task} needs a Swin backbone.");
        RunMemory.Check(tree, memory(swin.Config, weights));
        var model = create(pyramid(swin.Config));
        try
        {
            if (!fromScratch) PyramidTransfer.Load(backbone(model), swin.state_dict(), weights);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
