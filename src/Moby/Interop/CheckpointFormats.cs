namespace Moby.Interop;

/// <summary>The format names used in <see cref="Checkpoint.Format"/>.</summary>
public static class CheckpointFormats
{
    /// <summary>A PyTorch <c>torch.save</c> zip file (.pth).</summary>
    public const string Pth = "pth";
    /// <summary>A safetensors file.</summary>
    public const string Safetensors = "safetensors";
}
