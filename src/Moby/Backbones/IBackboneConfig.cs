namespace Moby.Backbones;

/// <summary>What every backbone configuration (SwinConfig, VitConfig) offers beyond its own architecture keys.</summary>
public interface IBackboneConfig
{
    /// <summary>The side of the square input images, in pixels.</summary>
    int ImgSize { get; }
    /// <summary>Input channels (3 for RGB, 1 for grayscale).</summary>
    int InChans { get; }

    /// <summary>The same architecture for another input size and/or channel count (null keeps the current one).</summary>
    IBackboneConfig WithInput(int? imgSize, int? inChans);

    /// <summary>The same architecture with another stochastic depth rate (MoBY's online and target branches differ).</summary>
    IBackboneConfig WithDropPath(double rate);

    /// <summary>The same architecture with or without the convolutional stem.</summary>
    IBackboneConfig WithConvStem(bool on);

    /// <summary>Builds the backbone.</summary>
    Backbone Create();
}
