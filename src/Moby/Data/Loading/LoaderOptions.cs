using static TorchSharp.torch;

namespace Moby.Data;

/// <summary>How batches are formed and produced. Defaults suit pretraining on one process.</summary>
internal sealed record LoaderOptions
{
    public int BatchSize { get; init; } = 64;

    /// <summary>Threads that decode and augment; they compete with the training step's own threads.</summary>
    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Ready batches allowed to wait for the consumer (bounds memory together with the workers).</summary>
    public int Prefetch { get; init; } = 2;

    public long Seed { get; init; }
    public bool DropLast { get; init; } = true;

    /// <summary>This process's part of the data: rank r of world w sees every w-th element of one global order.</summary>
    public int Rank { get; init; }

    public int WorldSize { get; init; } = 1;

    /// <summary>Stop at the first image that does not decode instead of substituting it.</summary>
    public bool Strict { get; init; }

    /// <summary>Where the batches' images go (the model's device); the workers copy them there ahead of use. Null: the CPU.</summary>
    public Device? Device { get; init; }

    /// <summary>False: each batch holds the first view only (fine-tuning trains on one; a second would be augmented for nothing).</summary>
    public bool SecondView { get; init; } = true;

    /// <summary>Receives one warning per undecodable file; null writes to standard error.</summary>
    public Action<string>? Warn { get; init; }

    internal void Validate()
    {
        if (BatchSize < 1 || Workers < 1 || Prefetch < 1)
            throw new ArgumentException($"batch size, workers and prefetch must be positive ({BatchSize}, {Workers}, {Prefetch})");
        if (WorldSize < 1 || Rank < 0 || Rank >= WorldSize)
            throw new ArgumentException($"rank {Rank} is not in a world of {WorldSize}");
    }
}
