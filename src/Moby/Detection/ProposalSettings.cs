namespace Moby.Detection;

/// <summary>
/// mmdet's rpn_proposal / test_cfg.rpn: the best <c>NmsPre</c> anchors of each level, NMS at <c>NmsIou</c> within each
/// level, the best <c>MaxPerImg</c> kept. mmdet's Swin Mask R-CNN: 2000 / 1000 in training, 1000 / 1000 in testing, 0.7.
/// </summary>
internal sealed record ProposalSettings(int NmsPre, int MaxPerImg, double NmsIou = 0.7);
