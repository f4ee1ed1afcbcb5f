using static TorchSharp.torch;
using Moby.IO;

namespace Moby.Interop;

/// <summary>Reads and writes checkpoints: PyTorch .pth (zip) files and safetensors files.</summary>
public static class CheckpointFile
{
    const string Accepted = "expected a PyTorch .pth zip file (torch.save since PyTorch 1.6) or a safetensors file";

    /// <summary>
    /// Reads a checkpoint, recognising the format from its first bytes (not its extension).
    /// Throws <see cref="CheckpointFormatException"/>, naming the file, when it is missing, empty,
    /// truncated or of another format.
    /// </summary>
    public static Checkpoint Read(string path)
    {
        var start = ReadStart(path, out var length);
        if (length == 0)
            throw new CheckpointFormatException(path, $"the file is empty; {Accepted}");
        if (PthFile.LooksLike(start))
            return Wrap(path, () => PthFile.Read(path));
        if (SafetensorsFile.LooksLike(start))
            return Wrap(path, () => SafetensorsFile.Read(path));
        if (PthFile.LooksLikeLegacy(start))
            throw new CheckpointFormatException(path, "this is a legacy (pre-1.6) PyTorch file; re-save it in Python with torch.save(obj, path) from PyTorch 1.6 or newer");
        throw new CheckpointFormatException(path, $"unknown format; {Accepted}");
    }

    /// <summary>
    /// Opens a safetensors file and reads its header alone (<see cref="SafetensorsReader"/>): its tensors stay on disk, to
    /// be checked by their dtype and shape and read a part at a time. Refused as <see cref="Read"/> refuses a file, and
    /// when it is another format.
    /// </summary>
    internal static SafetensorsReader OpenSafetensors(string path)
    {
        var start = ReadStart(path, out var length);
        if (length == 0 || !SafetensorsFile.LooksLike(start))
            throw new CheckpointFormatException(path, length == 0 ? "the file is empty; expected a safetensors file" : "expected a safetensors file");
        return Wrap(path, () => SafetensorsReader.Open(path));
    }

    /// <summary>Writes a safetensors file atomically (dictionary order kept; header padded to 8 bytes).</summary>
    public static void WriteSafetensors(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        AtomicFile.Write(path, stream => SafetensorsFile.Write(stream, tensors, metadata));

    /// <summary>
    /// Writes a file that Python's torch.load reads, atomically. <paramref name="content"/> is a state dict
    /// (written as an OrderedDict, like model.state_dict()) or a dictionary such as the official layout
    /// {model, optimizer, lr_scheduler, epoch, config}, with nested dictionaries, lists, strings, numbers and tensors.
    /// </summary>
    public static void WritePth(string path, object content) =>
        AtomicFile.Write(path, stream => PthFile.Write(stream, content));

    static byte[] ReadStart(string path, out long length)
    {
        FileKind.RequireRegular(path, reason => new CheckpointFormatException(path, $"{reason}; {Accepted}"));
        try
        {
            using var stream = File.OpenRead(path);
            length = stream.Length;
            var start = new byte[Math.Min(16, length)];
            stream.ReadExactly(start);
            return start;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointFormatException(path, e is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist" : ShownNames.IoMessage(e), e);
        }
    }

    /// <summary>
    /// Adds the file name to whatever a reader throws on a damaged file that no check foresaw (e.g. a zip
    /// directory that does not parse), keeping one line of it: a native error carries a whole backtrace.
    /// </summary>
    static T Wrap<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not CheckpointFormatException and not OutOfMemoryException)
        {
            throw new CheckpointFormatException(path, $"the file is damaged or not a checkpoint ({e.GetType().Name}: {ShownNames.FirstLine(e.Message)})", e);
        }
    }
}
