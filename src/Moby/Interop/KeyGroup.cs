namespace Moby.Interop;

/// <summary>Tensors sharing a first key component (encoder, encoder_k, projector, queue1, ...).</summary>
/// <param name="Name">The first key component.</param>
/// <param name="Tensors">Tensors in the group.</param>
/// <param name="Elements">Elements over those tensors.</param>
public sealed record KeyGroup(string Name, int Tensors, long Elements);
