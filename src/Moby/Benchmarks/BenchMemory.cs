using Moby.Backbones;
using Moby.Config;
using Moby.Config.Memory;

namespace Moby.Benchmarks;

/// <summary>
/// The memory check of the benchmarks, whose model and batch come from options rather than a configuration: they are
/// written as the configuration keys they stand for (--batch DATA.BATCH_SIZE, --queue MODEL.MOBY.CONTRAST_NUM_NEGATIVE,
/// --inner-dim MOBYNET.MOBY.INNER_DIM) and checked as a run of that configuration would be.
/// </summary>
internal static class BenchMemory
{
    public static void Check(IBackboneConfig encoder, int batch, MemoryEstimate estimate, params string[] options) =>
        RunMemory.Check(ConfigTree.Load(null, [.. ArchitectureOptions.Of(encoder), $"DATA.BATCH_SIZE={batch}", .. options]), estimate);
}
