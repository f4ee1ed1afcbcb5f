using Moby.Data;
using Moby.Interop;

namespace Moby.Runs;

/// <summary>
/// The images a predict command reads (segment predict, detect predict): every image file under a folder (sub-folders
/// too, in name order) decoded, each with its path relative to the folder and the path of its PNG in the output
/// folder (the same relative name); a file that does not decode, or declares more than the pixels allowed, is skipped
/// with a warning naming it, as is one the caller's <c>admit</c> check refuses (an image too large for the task's
/// bounds); a folder where no image is left is a <see cref="DataException"/> once listed. The output folder is the
/// caller's to make (<see cref="OutputFolder"/>), once this has checked the input; a picture's sub-folder is made only
/// for an image that is admitted, so a failed command leaves none behind.
/// </summary>
internal static class PredictionFolder
{
    /// <param name="admit">Refuses an image (a <see cref="DataException"/> naming it, given its path) that the task cannot take; null: every one that decodes.</param>
    public static IEnumerable<(string Relative, DecodedImage Image, string Picture)> Read(string input, string output, ImageDecodeOptions decoding, Action<string>? say,
                                                                                         Action<string, DecodedImage>? admit = null)
    {
        DataFolder.Require(input, $"image folder '{ShownNames.Path(input)}'");
        return Decoded(input, output, decoding, say, admit);
    }

    private static IEnumerable<(string Relative, DecodedImage Image, string Picture)> Decoded(string input, string output, ImageDecodeOptions decoding, Action<string>? say,
                                                                                             Action<string, DecodedImage>? admit)
    {
        var files = ImageFiles.Under(input);
        int decoded = 0;
        foreach (string file in files)
        {
            DecodedImage image;
            try
            {
                image = ImageDecoder.DecodeFile(file, decoding);
                admit?.Invoke(file, image);
            }
            catch (DataException e)
            {
                say?.Invoke($"warning: {e.Message}; skipped");
                continue;
            }
            string relative = Path.GetRelativePath(input, file), picture = Path.Combine(output, Path.ChangeExtension(relative, ".png"));
            Directory.CreateDirectory(Path.GetDirectoryName(picture)!);
            decoded++;
            yield return (relative, image, picture);
        }
        // No image to predict on is a failed run (as knn refuses it), not "0 masks" with exit code 0.
        if (decoded == 0)
            throw new DataException(files.Length == 0
                ? $"image folder '{ShownNames.Path(input)}' has no image files (.jpg, .jpeg, .png, .bmp, .webp)"
                : $"image folder '{ShownNames.Path(input)}': none of its {files.Length} image files could be read or taken (each skipped above)");
    }
}
