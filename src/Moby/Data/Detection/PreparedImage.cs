namespace Moby.Data.Detection;

/// <summary>One image after the pipeline: normalised CHW floats of <see cref="ImageMeta.PadHeight"/> x
/// <see cref="ImageMeta.PadWidth"/>, and its targets at that size (boxes in input pixels).</summary>
internal sealed record PreparedImage(float[] Chw, int Channels, ImageMeta Meta, InstanceTargets Targets);
