using System.Runtime.InteropServices;
using Moby.Cli;
using Moby.Cli.Display;
using Spectre.Console;
using Xunit;

namespace Moby.Tests.Cli;

/// <summary>A LibTorch error reaches the user as its first line (its C++ backtrace only with --verbose).</summary>
public class ErrorLineTests
{
    private const string Allocation = "[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: " +
                                      "you tried to allocate 34359738368 bytes. Error code 12 (Cannot allocate memory)";

    [Fact]
    public void ANativeErrorIsShownAsItsFirstLine()
    {
        var error = new ExternalException("shape '[2, 3]' is invalid for input of size 7\nframe #0: c10::Error::Error() + 0x68\nframe #1: at::native::view()");
        Assert.Equal("shape '[2, 3]' is invalid for input of size 7", CliErrors.Line(error));
    }

    [Fact]
    public void ANativeAllocationFailureSaysWhatToLower()
    {
        string line = CliErrors.Line(new ExternalException(Allocation + "\nframe #0: c10::ThrowEnforceNotMet(char const*, int)"));
        Assert.StartsWith(Allocation, line);
        Assert.Contains("lower the batch size or the image size", line);
        Assert.DoesNotContain("frame #", line);
    }

    /// <summary>A failing command writes to the error console, one line however long when it is not a terminal.</summary>
    [Fact]
    public void AnErrorGoesToTheErrorConsoleOnOneLine()
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        string missing = "/nonexistent/" + string.Join('/', Enumerable.Repeat("a-long-folder-name", 10)) + "/model.pth";
        int code = MobyApp.Run(["inspect", missing], Consoles.Create(output, redirected: true), Consoles.Create(errors, redirected: true));
        Assert.Equal(1, code);
        Assert.Equal("", output.ToString());
        string text = errors.ToString().TrimEnd('\n');
        Assert.DoesNotContain('\n', text);
        Assert.Contains(missing, text);
    }
}
