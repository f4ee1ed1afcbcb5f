namespace Moby.Evaluation;

/// <summary>One representation's scores (null: not measured) and the seconds its evaluation took.</summary>
/// <param name="Method">The representation: the checkpoint, or a baseline (random initialisation, raw pixels).</param>
/// <param name="KnnTop1">kNN top-1 accuracy, 0 to 1.</param>
/// <param name="KnnTop5">kNN top-5 accuracy.</param>
/// <param name="LinearTop1">Linear-probe top-1 accuracy, 0 to 1.</param>
/// <param name="LinearTop5">Linear-probe top-5 accuracy.</param>
/// <param name="LinearSettings">The linear probe's chosen setting.</param>
/// <param name="Seconds">Wall time of this evaluation.</param>
public sealed record MethodResult(string Method, double? KnnTop1, double? KnnTop5, double? LinearTop1, double? LinearTop5,
                                  ProbeSettings? LinearSettings, double Seconds);
