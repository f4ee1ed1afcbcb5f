using Moby.Cli;
using Moby.Cli.Display;
using Moby.Tests.Interop;
using Xunit;

namespace Moby.Tests.Cli;

/// <summary>
/// A path typed on the command line reaches the terminal escaped and short, in the errors of every command and in the
/// command's own lines: no ANSI escape, carriage return or bell goes out raw, and the error stays one line of bounded length.
/// </summary>
public class HostilePathTests
{
    public static TheoryData<string[]> Commands => new()
    {
        new[] { "inspect", "PATH" },
        new[] { "knn", "--weights", "PATH" },
        new[] { "features", "--weights", "GOLDEN", "--model", "OUT/micro.yaml", "--prefix", "model.", "--input", "imagefolder:PATH", "--output", "OUT/f.safetensors" },
        new[] { "predict", "--weights", "PATH", "--input", "OUT" },
        new[] { "predict", "--weights", "GOLDEN", "--input", "OUT", "--output", "PATH.txt" },
        new[] { "segment", "predict", "--weights", "PATH", "--input", "OUT", "--output", "OUT/masks" },
        new[] { "detect", "eval", "--weights", "PATH" },
        new[] { "export", "PATH" },
        new[] { "pretrain", "--config", "PATH" },
        new[] { "make-scenes", "--output", "OUT/scenes", "--fashion-mnist", "PATH" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void AnErrorNamingACraftedPathIsOneEscapedLine(string[] args)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("micro.yaml"), CliTests.SwinMicroYaml);
        var (code, output, errors) = Run(args.Select(a => a.Replace("PATH", HostilePathMessageTests.Crafted).Replace("OUT", dir.Path)
                                                         .Replace("GOLDEN", GoldenFiles.PathOf("swin_micro.safetensors"))).ToArray());
        Assert.NotEqual(0, code);
        Assert.Equal("", output);
        string line = Assert.Single(errors.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain(line, char.IsControl);
        Assert.True(line.Length < 1500, $"{line.Length} characters: {line[..300]}");
        Assert.Contains("/nonexistent/a\\x1b[2J\\x0db\\x0ac\\x07xxx", line);
    }

    /// <summary>The command's own lines (what it wrote, where) show the paths as its errors do.</summary>
    [Fact]
    public void WhatACommandWroteIsNamedEscaped()
    {
        using var dir = new TempDir();
        string folder = dir.File("out\u001b[2Jput");
        var (code, output) = CliProcessTests.Run("export", GoldenFiles.PathOf("moby_swin_micro.official-checkpoint.pth"), "--output", folder);
        output = WithoutColours(output).Replace("\n", "");
        Assert.True(code == 0, output);
        Assert.DoesNotContain(output, char.IsControl);
        Assert.Contains($"wrote {dir.File("out\\x1b[2Jput")}/", output);
    }

    /// <summary>The console's own colour codes (SGR: ESC [ ... m) set aside: every other control character would be the path's.</summary>
    private static string WithoutColours(string text) => System.Text.RegularExpressions.Regex.Replace(text, "\u001b\\[[0-9;]*m", "");

    private static (int Code, string Output, string Errors) Run(string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        int code = MobyApp.Run(args, Consoles.Create(output, redirected: true), Consoles.Create(errors, redirected: true));
        return (code, WithoutColours(output.ToString()).Replace("\n", ""), WithoutColours(errors.ToString()));
    }
}
