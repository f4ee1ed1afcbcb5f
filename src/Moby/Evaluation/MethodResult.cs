namespace Moby.Evaluation;

/// <summary>One representation's scores (null: not measured) and the seconds its evaluation took.</summary>
public sealed record MethodResult(string Method, double? KnnTop1, double? KnnTop5, double? LinearTop1, double? LinearTop5,
                                  ProbeSettings? LinearSettings, double Seconds);
