namespace Moby.Interop;

/// <summary>Tensors sharing a first key component (encoder, encoder_k, projector, queue1, ...).</summary>
public sealed record KeyGroup(string Name, int Tensors, long Elements);
