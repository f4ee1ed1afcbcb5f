namespace Moby.Interop;

/// <summary>The format names used in <see cref="Checkpoint.Format"/>.</summary>
public static class CheckpointFormats
{
    public const string Pth = "pth";
    public const string Safetensors = "safetensors";
}
