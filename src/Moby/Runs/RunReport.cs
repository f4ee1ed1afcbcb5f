using System.Globalization;
using System.Text;
using Moby.Evaluation;

namespace Moby.Runs;

/// <summary>report.md for a pre-training run and its evaluation: the results table, the command, the time spent, the plots.</summary>
internal static class RunReport
{
    public static string Write(string runDirectory, string evalDirectory, IReadOnlyList<MethodResult> results, string command,
                               TimeSpan pretraining, string data)
    {
        static string Percent(double? v) => v is double x ? (100 * x).ToString("F2", CultureInfo.InvariantCulture) : "-";
        var md = new StringBuilder();
        md.AppendLine("# MoBY run report").AppendLine();
        md.AppendLine($"- command: `{command}`");
        md.AppendLine($"- data: {data} (test split, evaluated once)");
        md.AppendLine($"- pre-training wall time: {pretraining.TotalMinutes:F1} min on {Environment.ProcessorCount} cores");
        md.AppendLine($"- date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC").AppendLine();
        md.AppendLine("| method | kNN top-1 % | kNN top-5 % | linear top-1 % | linear top-5 % | linear lr / wd |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var r in results)
            md.AppendLine($"| {r.Method} | {Percent(r.KnnTop1)} | {Percent(r.KnnTop5)} | {Percent(r.LinearTop1)} | {Percent(r.LinearTop5)} | " +
                          $"{(r.LinearSettings is { } s ? $"{s.Lr} / {s.WeightDecay}" : "-")} |");
        md.AppendLine().AppendLine("kNN: k = 20, T = 0.07, cosine similarity; linear: fast probe on cached features, lr and weight decay chosen on a held-out 10% of the train split.").AppendLine();
        foreach (var (file, title) in new[] { ("loss.png", "Loss"), ("lr.png", "Learning rate"), ("momentum.png", "Target momentum"),
                                              ("knn.png", "Online kNN (held-out train subset)"), ("collapse.png", "Collapse indicator") })
            if (File.Exists(Path.Combine(runDirectory, file))) md.AppendLine($"## {title}").AppendLine().AppendLine($"![{title}]({file})").AppendLine();
        foreach (var (file, title) in new[] { ("confusion.png", "Confusion matrix (test)"), ("embedding_pca.png", "Test embeddings (PCA)") })
            if (File.Exists(Path.Combine(evalDirectory, file)))
                md.AppendLine($"## {title}").AppendLine().AppendLine($"![{title}]({Path.GetRelativePath(runDirectory, Path.Combine(evalDirectory, file))})").AppendLine();
        string path = Path.Combine(runDirectory, "report.md");
        File.WriteAllText(path, md.ToString());
        return path;
    }
}
