using static TorchSharp.torch;

namespace Moby.Interop;

/// <summary>One tensor as a safetensors header describes it; its bytes are [Begin, End) of the data section.</summary>
sealed record SafetensorsEntry(string Name, ScalarType Type, long[] Shape, long Begin, long End);
