namespace Moby.Config.Memory;

/// <summary>One share of a run's memory estimate: what it holds, about how many bytes, and the keys that size it (named when the run is too big).</summary>
internal sealed record MemoryPart(string What, double Bytes, IReadOnlyList<string> Keys);
