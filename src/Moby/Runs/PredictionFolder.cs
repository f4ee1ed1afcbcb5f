using Moby.Data;
using Moby.Interop;

namespace Moby.Runs;

/// <summary>
/// The images a predict command reads (segment predict, detect predict): every image file under a folder (sub-folders
/// too, in name order) decoded, each with its path relative to the folder and the path of its PNG in the output
/// folder (the same relative name); a file that does not decode, or declares more than the pixels allowed, is skipped
/// with a warning naming it.
/// </summary>
internal static class PredictionFolder
{
    public static IEnumerable<(string Relative, DecodedImage Image, string Picture)> Read(string input, string output, ImageDecodeOptions decoding, Action<string>? say)
    {
        DataFolder.Require(input, $"image folder '{input}'");
        OutputPath.Folder(output);
        return Decoded(input, output, decoding, say);
    }

    private static IEnumerable<(string Relative, DecodedImage Image, string Picture)> Decoded(string input, string output, ImageDecodeOptions decoding, Action<string>? say)
    {
        foreach (string file in ImageFiles.Under(input))
        {
            DecodedImage image;
            try
            {
                image = ImageDecoder.DecodeFile(file, decoding);
            }
            catch (DataException e)
            {
                say?.Invoke($"warning: {e.Message}; skipped");
                continue;
            }
            string relative = Path.GetRelativePath(input, file), picture = Path.Combine(output, Path.ChangeExtension(relative, ".png"));
            Directory.CreateDirectory(Path.GetDirectoryName(picture)!);
            yield return (relative, image, picture);
        }
    }
}
