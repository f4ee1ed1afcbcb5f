using System.Globalization;
using Moby.Data;
using Moby.Detection.Evaluation;
using Moby.Segmentation;

namespace Moby.Detection;

/// <summary>
/// One image's instances drawn for a person (PNG): each panel the image with masks as a translucent fill, boxes as
/// outlines and the class name (and score) on a tag, all in the class's <see cref="Palette"/> colour (label k has the
/// colour of index k + 1, since index 0 is the segmentation's black background: in the scenes a garment has its
/// colour in both pictures). Small images are enlarged (nearest neighbour) so that the tags are readable.
/// </summary>
internal static class DetectionPicture
{
    /// <summary>mmdet's show_result default: the lowest score worth drawing when the detections kept are many (evaluation keeps from 0.05).</summary>
    public const float ShowScoreThr = 0.3f;

    private const double MaskAlpha = 0.45;
    private const int TargetSide = 256, MaxScale = 8, Gap = 4;
    private static readonly (byte, byte, byte) GapColour = (64, 64, 64);

    /// <summary>What one panel shows: instances at the image's size, with their scores or (ground truth) without;
    /// detections scoring below <paramref name="MinScore"/> are left out.</summary>
    public sealed record Panel(IReadOnlyList<DetectionResult> Instances, bool Scores, float MinScore = 0);

    /// <summary>The enlargement of an image: the smallest factor that brings its long edge to 256 px, at most 8.</summary>
    public static int Scale(int width, int height) => Math.Clamp((TargetSide + Math.Max(width, height) - 1) / Math.Max(width, height), 1, MaxScale);

    /// <summary>The panels side by side, a grey gap between them.</summary>
    public static RgbCanvas Draw(DecodedImage image, IReadOnlyList<string> classes, params Panel[] panels)
    {
        int scale = Scale(image.Width, image.Height), w = image.Width * scale, h = image.Height * scale;
        var canvas = new RgbCanvas(panels.Length * (w + Gap) - Gap, h);
        canvas.Fill(0, 0, canvas.Width, h, GapColour);
        for (int p = 0; p < panels.Length; p++) DrawPanel(canvas, p * (w + Gap), image, scale, classes, panels[p]);
        return canvas;
    }

    public static void Save(string path, DecodedImage image, IReadOnlyList<string> classes, params Panel[] panels) =>
        Draw(image, classes, panels).Save(path);

    public static (byte R, byte G, byte B) Colour(int label)
    {
        int index = (label + 1) % 256;
        return (Palette.Colours[3 * index], Palette.Colours[3 * index + 1], Palette.Colours[3 * index + 2]);
    }

    private static void DrawPanel(RgbCanvas canvas, int left, DecodedImage image, int scale, IReadOnlyList<string> classes, Panel panel)
    {
        canvas.Blit(image, left, scale);
        // The weakest first, so that the strongest are drawn on top.
        var shown = panel.Instances.Where(d => !panel.Scores || d.Score >= panel.MinScore).OrderBy(d => panel.Scores ? d.Score : 0).ToList();
        foreach (var d in shown.Where(d => d.Mask is not null))
        {
            var mask = d.Mask!.Decode();
            var colour = Colour(d.Label);
            for (int y = 0; y < image.Height; y++)
                for (int x = 0; x < image.Width; x++)
                    if (mask[y * image.Width + x] != 0)
                        for (int dy = 0; dy < scale; dy++)
                            for (int dx = 0; dx < scale; dx++) canvas.Blend(left + x * scale + dx, y * scale + dy, colour, MaskAlpha);
        }
        int thickness = Math.Max(1, scale / 2), textScale = Math.Max(1, Math.Max(image.Width, image.Height) * scale / 320);
        var boxes = shown.Select(d => (d, Corners(d.Box, scale, image.Width * scale, image.Height * scale))).ToList();
        foreach (var (d, (x1, y1, x2, y2)) in boxes) canvas.Outline(left + x1, y1, left + x2, y2, thickness, Colour(d.Label));
        foreach (var (d, (x1, y1, _, _)) in boxes)
        {
            string text = (d.Label < classes.Count ? classes[d.Label] : $"class {d.Label}")
                          + (panel.Scores ? " " + d.Score.ToString("F2", CultureInfo.InvariantCulture) : "");
            Tag(canvas, text, left, left + image.Width * scale, x1, y1, textScale, Colour(d.Label));
        }
    }

    /// <summary>A box in picture pixels: x in [x1, x2), y in [y1, y2), at least one pixel, within the panel.</summary>
    private static (int X1, int Y1, int X2, int Y2) Corners(float[] box, int scale, int width, int height)
    {
        static int Clamp(double v, int max) => (int)Math.Clamp(Math.Round(v), 0, max);
        int x1 = Clamp(box[0] * scale, width - 1), y1 = Clamp(box[1] * scale, height - 1);
        return (x1, y1, Math.Max(x1 + 1, Clamp(box[2] * scale, width)), Math.Max(y1 + 1, Clamp(box[3] * scale, height)));
    }

    /// <summary>The text on a tag of the box's colour, above the box's top left corner (inside it when there is no room), within the panel.</summary>
    private static void Tag(RgbCanvas canvas, string text, int panelLeft, int panelRight, int x, int y, int scale, (byte R, byte G, byte B) colour)
    {
        int pad = scale, w = PixelFont.Measure(text, scale) + 2 * pad, h = PixelFont.GlyphHeight * scale + 2 * pad;
        int top = y - h >= 0 ? y - h : y;
        int tagLeft = Math.Max(panelLeft, Math.Min(panelLeft + x, panelRight - w));
        int right = Math.Min(panelRight, tagLeft + w);
        canvas.Fill(tagLeft, top, right, top + h, colour);
        var ink = 0.299 * colour.R + 0.587 * colour.G + 0.114 * colour.B > 128 ? ((byte)0, (byte)0, (byte)0) : ((byte)255, (byte)255, (byte)255);
        PixelFont.Draw(text, tagLeft + pad, top + pad, scale, (px, py) => { if (px < right) canvas.Set(px, py, ink); });
    }
}
