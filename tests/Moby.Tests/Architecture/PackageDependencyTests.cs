using System.Xml.Linq;
using Moby.Reporting;
using Moby.Runs;
using Xunit;

namespace Moby.Tests.Architecture;

/// <summary>
/// A user who wants backbones, pre-training and evaluation references Moby.NET alone and pulls no plotting library:
/// plots come from Moby.NET.Reporting, which the runs reach only through <see cref="IPlotRenderer"/>.
/// </summary>
public class PackageDependencyTests
{
    [Fact]
    public void TheCoreLibraryNeitherReferencesNorLoadsScottPlot()
    {
        var core = XDocument.Load(RepoFiles.Path("src/Moby/Moby.csproj"));
        var packages = core.Descendants("PackageReference").Select(p => (string?)p.Attribute("Include")).ToList();
        Assert.Contains("TorchSharp", packages); // the scan reads the references
        Assert.DoesNotContain(packages, p => p!.StartsWith("ScottPlot", StringComparison.Ordinal));
        Assert.DoesNotContain(typeof(MobyBackbone).Assembly.GetReferencedAssemblies(), a => a.Name!.StartsWith("ScottPlot", StringComparison.Ordinal));
    }

    [Fact]
    public void TheReportingLibraryDrawsWithScottPlotBehindTheRunsSeam()
    {
        var reporting = typeof(PngPlots).Assembly;
        Assert.Contains(reporting.GetReferencedAssemblies(), a => a.Name == "ScottPlot");
        Assert.True(typeof(IPlotRenderer).IsAssignableFrom(typeof(PngPlots)));
    }
}
