using System.Runtime.CompilerServices;
using System.Text.Json;
using Moby.Data;
using Xunit;

namespace Moby.Tests.Data;

/// <summary>The torchvision/PIL outputs in Reference/ (made by Reference/make_reference.py).</summary>
internal sealed record ReferenceCase(string Name, string Input, string Op, Dictionary<string, double> Args, int Width, int Height, int Channels)
{
    public static string Dir { get; } = Here();

    static readonly Lazy<ReferenceCase[]> All = new(() =>
        JsonSerializer.Deserialize<ReferenceCase[]>(File.ReadAllText(Path.Combine(Dir, "cases.json")),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!);

    public static ReferenceCase Get(string name) => All.Value.Single(c => c.Name == name);

    public static TheoryData<string> Named(string op) => new(All.Value.Where(c => c.Op == op).Select(c => c.Name));

    public DecodedImage Output() => Raw(Name, Width, Height, Channels);

    public DecodedImage InputImage() => Get(Input).Output();

    public int Int(string arg) => (int)Args[arg];

    public override string ToString() => Name;

    static DecodedImage Raw(string name, int w, int h, int c) =>
        DecodedImage.Create(File.ReadAllBytes(Path.Combine(Dir, name + ".raw")), w, h, c);

    static string Here([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "Reference");
}
