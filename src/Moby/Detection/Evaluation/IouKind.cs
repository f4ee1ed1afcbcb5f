namespace Moby.Detection.Evaluation;

/// <summary>What COCOeval compares (its iouType): boxes ("bbox") or masks ("segm").</summary>
internal enum IouKind { Box, Mask }
