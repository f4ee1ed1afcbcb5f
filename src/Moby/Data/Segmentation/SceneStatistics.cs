using System.Text.Json;

namespace Moby.Data.Segmentation;

/// <summary>What one split of generated scenes holds: pixels per class, garments placed per scene, instances kept and dropped.</summary>
public sealed class SceneStatistics
{
    internal SceneStatistics(string split, IReadOnlyList<string> classes)
    {
        Split = split;
        Classes = classes;
        PixelsPerClass = new long[classes.Count];
    }

    /// <summary>"training" or "validation".</summary>
    public string Split { get; }

    /// <summary>Class names by label ("background" first).</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Labelled pixels of each class over the split.</summary>
    public long[] PixelsPerClass { get; }

    /// <summary>Scenes by number of garments placed (index 0 = one garment).</summary>
    public List<int> ScenesByGarments { get; } = [];

    /// <summary>Scenes in the split.</summary>
    public int Scenes { get; private set; }

    /// <summary>Instances written to the COCO file.</summary>
    public int KeptInstances { get; private set; }

    /// <summary>Instances left out of the COCO file: visible area below the minimum (fully or almost fully covered).</summary>
    public int DroppedInstances { get; private set; }

    internal void Add(Scene scene, int minArea)
    {
        Scenes++;
        foreach (byte label in scene.Labels.Labels) PixelsPerClass[label]++;
        while (ScenesByGarments.Count < scene.Instances.Count) ScenesByGarments.Add(0);
        ScenesByGarments[scene.Instances.Count - 1]++;
        int kept = scene.Instances.Count(i => i.Area >= minArea);
        KeptInstances += kept;
        DroppedInstances += scene.Instances.Count - kept;
    }

    internal void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteNumber("scenes", Scenes);
        json.WriteNumber("kept_instances", KeptInstances);
        json.WriteNumber("dropped_instances", DroppedInstances);
        json.WriteStartObject("pixels_per_class");
        for (int c = 0; c < Classes.Count; c++) json.WriteNumber(Classes[c], PixelsPerClass[c]);
        json.WriteEndObject();
        json.WriteStartArray("scenes_by_garments");
        foreach (int n in ScenesByGarments) json.WriteNumberValue(n);
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
