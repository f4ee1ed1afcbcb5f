using Moby.Data;

namespace Moby.Finetune;

/// <summary>
/// An image with the channels a classifier takes: colour to gray with PIL's luma (a Fashion-MNIST model given PNG or
/// JPEG files, which decode as RGB), gray to colour by repeating the channel.
/// </summary>
internal static class ImageChannels
{
    public static DecodedImage To(DecodedImage image, int channels)
    {
        if (image.Channels == channels) return image;
        var source = image.Pixels.Span;
        int pixels = image.Width * image.Height;
        var converted = new byte[pixels * channels];
        for (int i = 0; i < pixels; i++)
        {
            if (channels == 1) converted[i] = Grayscale.Luma(source[3 * i], source[3 * i + 1], source[3 * i + 2]);
            else for (int c = 0; c < channels; c++) converted[i * channels + c] = source[i];
        }
        return DecodedImage.Create(converted, image.Width, image.Height, channels);
    }
}
