using Razorvine.Pickle;
using static TorchSharp.torch;

namespace Moby.Interop;

/// <summary>torch._utils._rebuild_parameter(data, requires_grad, hooks): the parameter's tensor.</summary>
sealed class ParameterRebuild : IObjectConstructor
{
    public object construct(object[] args) => args is [Tensor tensor, ..]
        ? tensor
        : throw new BadPickleException("data.pkl has a parameter record without a tensor");
}
