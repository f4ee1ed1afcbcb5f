namespace Moby.Benchmarks;

/// <summary>
/// The CPU as /proc/cpuinfo names it ("AMD EPYC, family 25 model 1"): the same model name covers several generations
/// whose peaks differ by 2x, so every speed figure carries the family and model.
/// </summary>
internal static class CpuDescription
{
    public static string Read(string path = "/proc/cpuinfo")
    {
        try
        {
            var fields = File.ReadLines(path).TakeWhile(l => l.Length > 0).Select(l => l.Split(':', 2))
                .Where(kv => kv.Length == 2).GroupBy(kv => kv[0].Trim()).ToDictionary(g => g.Key, g => g.First()[1].Trim());
            string Field(string key) => fields.GetValueOrDefault(key, "?");
            return $"{Field("model name")}, family {Field("cpu family")} model {Field("model")}";
        }
        catch (IOException)
        {
            return "unknown CPU (no /proc/cpuinfo)";
        }
    }
}
