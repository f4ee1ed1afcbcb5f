namespace Moby.Data;

/// <summary>
/// Loads images, replacing one that does not decode by the next decodable index (wrapping), so an epoch never
/// stops on a bad file; in strict mode the first bad file stops the run instead.
/// </summary>
internal sealed class ImageFetcher(IImageDataset dataset, bool strict, BadImageLog log)
{
    public IImageDataset Dataset => dataset;

    public BadImageLog Log => log;

    /// <summary>The fetcher of a loader: checks the options and that the transform normalises the data set's channels.</summary>
    public static ImageFetcher ForLoader(IImageDataset dataset, int transformChannels, LoaderOptions options)
    {
        options.Validate();
        if (transformChannels != dataset.Channels)
            throw new DataException($"the transform normalises {transformChannels} channel(s) but the data set has {dataset.Channels}");
        return new ImageFetcher(dataset, options.Strict, new BadImageLog(options.Warn));
    }

    /// <returns>The image and the index it actually came from.</returns>
    public (DecodedImage Image, int Index) Load(int index)
    {
        for (int k = 0; k < dataset.Count; k++)
        {
            int i = (index + k) % dataset.Count;
            if (log.IsBad(i))
                continue;
            try
            {
                return (dataset.Load(i), i);
            }
            catch (ImageDecodeException e) when (!strict)
            {
                log.Add(i, e.Message);
            }
        }
        throw new DataException($"no image of the data set decodes ({log.Summary()})");
    }
}
