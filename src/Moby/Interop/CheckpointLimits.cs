namespace Moby.Interop;

/// <summary>
/// What a checkpoint file may make us allocate or walk. A crafted file can describe a pickle nested a million
/// levels deep, shared references that expand exponentially, or a zip entry that inflates to gigabytes; these
/// bounds turn each into one clear error. They are far above what real checkpoints need (docs/configuration.md).
/// </summary>
internal static class CheckpointLimits
{
    /// <summary>Inflated size of a .pth file's data.pkl (the tensors' bytes are stored beside it, not in it).</summary>
    public const long MaxPickleBytes = 64L << 20;

    /// <summary>Pickle opcodes in data.pkl: each makes at most one object while unpickling.</summary>
    public const int MaxPickleOpcodes = 2_000_000;

    /// <summary>How deeply dicts, lists and objects in a pickle may nest (a checkpoint nests about 5 levels).</summary>
    public const int MaxNesting = 100;

    /// <summary>Values reachable in a pickle, counting a shared value at every place it is used.</summary>
    public const int MaxValues = 2_000_000;

    /// <summary>
    /// Deflate cannot inflate by more than about 1032:1, so a compressed zip entry that declares more is lying;
    /// a stored (uncompressed) entry must be as long as its data.
    /// </summary>
    public const long MaxDeflateRatio = 1032;

    /// <summary>
    /// Bytes of a pickled LONG1/LONG4 integer (64 bytes is 512 bits; storage sizes, offsets, epochs and config
    /// numbers fit in 8). Parsing and printing a huge integer takes time quadratic in its length.
    /// </summary>
    public const int MaxPickleIntegerBytes = 64;

    /// <summary>Decimal digits of a pickled INT or LONG ('I', 'L') integer: as many as 64 bytes can hold.</summary>
    public const int MaxPickleIntegerDigits = 160;

    /// <summary>
    /// Bytes that a .pth file's tensors may view, as a multiple of the bytes of the storages they view. Reading
    /// shares the storage, but exporting or loading copies each view.
    /// </summary>
    public const long MaxViewBytesPerStorageByte = 4;

    /// <summary>Length of a safetensors JSON header (the reference implementation refuses more than 100 MB).</summary>
    public const long MaxSafetensorsHeaderBytes = 100_000_000;

    /// <summary>Tensors in one safetensors file (a Swin-B checkpoint has about 350; a large LLM some thousands).</summary>
    public const int MaxTensors = 100_000;

    /// <summary>Dimensions of one tensor.</summary>
    public const int MaxDimensions = 64;
}
