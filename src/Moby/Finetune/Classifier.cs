using Moby.Backbones;
using Moby.Interop;
using Moby.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Linear = Moby.Nn.Linear;

namespace Moby.Finetune;

/// <summary>
/// An image classifier: a backbone and a new linear head on its pooled feature, trained end to end. Its weights go to
/// files under timm's names (the backbone's keys, then <c>head.weight</c> [classes, features] and <c>head.bias</c>
/// [classes]), as <c>timm.create_model(..., num_classes=C)</c> and the official Swin code name them; the module itself
/// keeps the backbone under <c>backbone.</c>, which <see cref="TimmState"/> and <see cref="LoadTimmState"/> translate.
/// </summary>
internal sealed class Classifier : nn.Module<Tensor, Tensor>
{
    public const string HeadPrefix = StateDictViews.HeadPrefix;
    private const string BackbonePrefix = "backbone.";

    private readonly Backbone backbone;
    private readonly Linear head;

    /// <summary>A new head (timm's initialisation: trunc_normal(std 0.02) weights, zero bias) on <paramref name="backbone"/>, which it owns.</summary>
    public Classifier(Backbone backbone, int classes) : base(nameof(Classifier))
    {
        this.backbone = backbone;
        head = new Linear(backbone.NumFeatures, classes);
        using (no_grad())
        {
            TruncNormal.Fill(head.Weight, std: 0.02);
            head.Bias!.zero_();
        }
        RegisterComponents();
    }

    public Backbone Backbone => backbone;

    public int Classes => (int)head.Weight.shape[0];

    public override Tensor forward(Tensor x)
    {
        using var features = backbone.call(x);
        return head.call(features);
    }

    /// <summary>
    /// The weights under timm's names (the module's own tensors, not copies), in PyTorch's state_dict order: each
    /// module's parameters, then its buffers, then its children in turn (TorchSharp lists every parameter before any buffer).
    /// </summary>
    public Dictionary<string, Tensor> TimmState()
    {
        var state = new Dictionary<string, Tensor>();
        Collect(backbone, "", state);
        Collect(head, HeadPrefix, state);
        return state;
    }

    private static void Collect(nn.Module module, string prefix, Dictionary<string, Tensor> state)
    {
        foreach (var (name, parameter) in module.named_parameters(recurse: false)) state.Add(prefix + name, parameter);
        foreach (var (name, buffer) in module.named_buffers(recurse: false)) state.Add(prefix + name, buffer);
        foreach (var (name, child) in module.named_children()) Collect(child, $"{prefix}{name}.", state);
    }

    /// <summary>The parameters that train, under timm's names, in the module's order.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> TrainableParameters() =>
        named_parameters().Where(p => p.parameter.requires_grad).Select(p => (Timm(p.name), p.parameter));

    /// <summary>Loads weights given under timm's names; any missing, unexpected or misshapen key throws before anything is copied.</summary>
    public void LoadTimmState(IReadOnlyDictionary<string, Tensor> state, string source)
    {
        var result = StateDictLoader.Compare(TimmState(), state);
        if (!result.IsExact) throw new CheckpointMismatchException(result, source);
        StateDictLoader.Load(this, state.ToDictionary(p => p.Key.StartsWith(HeadPrefix, StringComparison.Ordinal) ? p.Key : BackbonePrefix + p.Key, p => p.Value),
                             strict: true, source: source);
    }

    private static string Timm(string name) => name.StartsWith(BackbonePrefix, StringComparison.Ordinal) ? name[BackbonePrefix.Length..] : name;
}
