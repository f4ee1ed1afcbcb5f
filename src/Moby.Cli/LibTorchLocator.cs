using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Moby.Cli;

/// <summary>
/// Makes LibTorch loadable for the <c>moby</c> .NET tool. The tool package leaves LibTorch's 600 MB of libraries out and
/// declares the libtorch-cpu-linux-x64 package as a dependency instead; since the .NET 10 SDK installs tools without
/// restoring their dependencies, the tool takes that package from the NuGet packages folder, restoring it there once
/// (through <c>dotnet restore</c>, with the user's NuGet sources) when it is missing. The libraries are then loaded by
/// full path before TorchSharp asks for them by name: the dynamic loader resolves libLibTorchSharp.so's needs
/// (libtorch.so, libc10.so, libtorch_cpu.so) to the libraries already loaded under those names.
/// A build of the repository ships LibTorch beside the executable, and nothing here runs.
/// </summary>
internal static class LibTorchLocator
{
    private static readonly string[] Libraries = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];

    public static void EnsureLoadable()
    {
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, "libtorch_cpu.so")) || !OperatingSystem.IsLinux()) return;
        var (package, version) = (Metadata("LibTorchPackage"), Metadata("LibTorchVersion"));
        string packages = PackagesFolder();
        string native = Path.Combine(packages, package, version, "runtimes", "linux-x64", "native");
        if (!File.Exists(Path.Combine(native, "libtorch_cpu.so"))) Restore(package, version, packages);
        foreach (var library in Libraries) NativeLibrary.Load(Path.Combine(native, library));
    }

    private static string Metadata(string key) =>
        typeof(LibTorchLocator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>NuGet's global packages folder: NUGET_PACKAGES, else ~/.nuget/packages (restore is told to use the same).</summary>
    private static string PackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static void Restore(string package, string version, string packages)
    {
        Console.Error.WriteLine($"moby: LibTorch ({package} {version}) is not in {packages}; restoring it once (about 130 MB).");
        string project = Path.Combine(Path.GetTempPath(), $"moby-libtorch-{Environment.ProcessId}");
        Directory.CreateDirectory(project);
        try
        {
            File.WriteAllText(Path.Combine(project, "restore.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
                  <ItemGroup><PackageDownload Include="{package}" Version="[{version}]" /></ItemGroup>
                </Project>
                """);
            using var restore = Process.Start(new ProcessStartInfo("dotnet", ["restore", "--packages", packages, "-nologo", "-v", "q"])
            {
                WorkingDirectory = project, RedirectStandardOutput = true,
            }) ?? throw new InvalidOperationException("could not start 'dotnet restore'");
            Console.Error.Write(restore.StandardOutput.ReadToEnd());
            restore.WaitForExit();
            if (restore.ExitCode != 0)
                throw new InvalidOperationException($"'dotnet restore' of {package} {version} into {packages} failed (exit code {restore.ExitCode}); the moby tool needs it.");
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }
}
