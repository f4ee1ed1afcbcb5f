namespace Moby.Finetune;

/// <summary>One image's most probable classes: the data set item, its name, its label (-1 when unknown) and the top classes with their probabilities, best first.</summary>
internal sealed record Prediction(int Index, string Image, int Label, int[] Classes, float[] Probabilities);
