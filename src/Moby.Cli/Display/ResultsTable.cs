using Moby.Evaluation;
using Spectre.Console;

namespace Moby.Cli.Display;

public static class ResultsTable
{
    public static Table Build(IReadOnlyList<MethodResult> results)
    {
        static string Percent(double? value) => value is double v ? $"{100 * v:F2}" : "-";
        var table = new Table().AddColumns("method", "kNN top-1 %", "kNN top-5 %", "linear top-1 %", "linear top-5 %", "seconds");
        foreach (var r in results)
            table.AddRow(r.Method, Percent(r.KnnTop1), Percent(r.KnnTop5), Percent(r.LinearTop1), Percent(r.LinearTop5), $"{r.Seconds:F0}");
        return table;
    }
}
