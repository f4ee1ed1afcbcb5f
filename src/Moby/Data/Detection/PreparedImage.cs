namespace Moby.Data.Detection;

/// <summary>One image after the pipeline: normalised CHW floats of <see cref="PipelineMeta.PadHeight"/> x
/// <see cref="PipelineMeta.PadWidth"/>, and its targets at that size (boxes in input pixels).</summary>
internal sealed record PreparedImage(float[] Chw, int Channels, PipelineMeta Meta, ImageInstances Targets);
