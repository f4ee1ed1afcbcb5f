using Razorvine.Pickle;

namespace Moby.Interop;

/// <summary>Builds an <see cref="UnpickledObject"/> for one Python class name.</summary>
sealed class UnpickledObjectConstructor(string className) : IObjectConstructor
{
    public object construct(object[] args) => new UnpickledObject(className, args);
}
