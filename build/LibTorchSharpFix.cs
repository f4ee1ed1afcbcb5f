// MSBuild inline task (RoslynCodeTaskFactory): makes TorchSharp 0.107's libLibTorchSharp.so load on hosts
// whose libstdc++ predates GCC 13 (Debian 12). It edits the copy in the build output only, never the
// NuGet cache, and is a no-op where the host already provides GLIBCXX_3.4.32 (unless Force: a copy that
// travels to other machines, as in the tool package). The Moby.NET package ships this file and a prebuilt
// shim (ShimBinary) in buildTransitive/, so its consumers need patchelf at most, never a compiler.
#nullable enable
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class FixLibTorchSharp : Task
{
    const string Version = "GLIBCXX_3.4.32";
    const string ShimName = "libiosinit_shim.so";

    /// <summary>The libLibTorchSharp.so in a build output folder.</summary>
    [Required] public string Library { get; set; } = "";
    /// <summary>C++ source of the shim that defines std::ios_base_library_init(), compiled with g++ when no ShimBinary is given.</summary>
    public string ShimSource { get; set; } = "";
    /// <summary>The shim, prebuilt (what the package ships): copied instead of compiling ShimSource.</summary>
    public string ShimBinary { get; set; } = "";
    /// <summary>Patch even where this host's libstdc++ has the version: the patched copy is for other machines.</summary>
    public bool Force { get; set; }
    /// <summary>Folder (under obj/) where the compiled shim is cached.</summary>
    [Required] public string CacheDir { get; set; } = "";

    public override bool Execute()
    {
        if (!File.Exists(Library)) return true;
        if (!Force && HostHasVersion()) return true;
        string shim = Path.Combine(Path.GetDirectoryName(Library)!, ShimName);
        if (!File.Exists(shim) && !BuildShim(shim)) return false;
        if (IsPatched()) return true;

        // Patch a private copy, then rename over the output file: atomic, and it breaks any hard link
        // into the NuGet cache, so the cache is never touched.
        string tmp = Library + ".patching";
        File.Copy(Library, tmp, overwrite: true);
        byte[] elf = File.ReadAllBytes(tmp);
        if (!SetWeak(elf)) { Log.LogError($"{Library}: no {Version} version requirement found; unexpected TorchSharp build."); return false; }
        File.WriteAllBytes(tmp, elf);
        if (!Run("patchelf", $"--add-needed {ShimName} \"{tmp}\"", "patchelf", out _)) return false;
        File.Replace(tmp, Library, null); // rename(2): atomic
        Log.LogMessage(MessageImportance.High, $"Patched {Library} for this host's libstdc++ (no {Version}).");
        return true;
    }

    static bool HostHasVersion()
    {
        string[] candidates = { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
                                "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6" };
        string? lib = candidates.FirstOrDefault(File.Exists);
        if (lib == null) return false;
        byte[] bytes = File.ReadAllBytes(lib);
        byte[] needle = Encoding.ASCII.GetBytes(Version + "\0");
        return IndexOf(bytes, needle) >= 0;
    }

    static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }

    bool IsPatched()
    {
        byte[] elf = File.ReadAllBytes(Library);
        if (!FindVernaux(elf, out int flagsOffset) || (BitConverter.ToUInt16(elf, flagsOffset) & 2) == 0) return false;
        return Run("patchelf", $"--print-needed \"{Library}\"", "patchelf", out string needed) && needed.Contains(ShimName);
    }

    bool BuildShim(string shim)
    {
        Directory.CreateDirectory(CacheDir);
        string cached = ShimBinary.Length > 0 ? ShimBinary : Path.Combine(CacheDir, ShimName);
        if (!File.Exists(cached) && ShimBinary.Length > 0) { Log.LogError($"The prebuilt shim {ShimBinary} is missing; reinstall the package."); return false; }
        if (!File.Exists(cached) && !Run("g++", $"-shared -fPIC -O2 -o \"{cached}\" \"{ShimSource}\"", "g++", out _)) return false;
        File.Copy(cached, shim, overwrite: true);
        return true;
    }

    static bool SetWeak(byte[] elf)
    {
        if (!FindVernaux(elf, out int flagsOffset)) return false;
        ushort flags = BitConverter.ToUInt16(elf, flagsOffset);
        BitConverter.GetBytes((ushort)(flags | 2)).CopyTo(elf, flagsOffset); // VER_FLG_WEAK
        return true;
    }

    /// <summary>Finds the vna_flags field of the Vernaux entry named GLIBCXX_3.4.32 (ELF64, little endian).</summary>
    static bool FindVernaux(byte[] elf, out int flagsOffset)
    {
        flagsOffset = -1;
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1) return false;
        long shoff = BitConverter.ToInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A), shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (int i = 0; i < shnum; i++)
        {
            int sh = (int)(shoff + (long)i * shentsize);
            if (BitConverter.ToUInt32(elf, sh + 4) != 0x6ffffffe) continue; // SHT_GNU_verneed
            long offset = BitConverter.ToInt64(elf, sh + 0x18);
            int link = (int)BitConverter.ToUInt32(elf, sh + 0x28), count = (int)BitConverter.ToUInt32(elf, sh + 0x2C);
            long strtab = BitConverter.ToInt64(elf, (int)(shoff + (long)link * shentsize) + 0x18);
            long vn = offset;
            for (int n = 0; n < count; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)vn + 2);
                long aux = vn + BitConverter.ToUInt32(elf, (int)vn + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    long name = strtab + BitConverter.ToUInt32(elf, (int)aux + 8);
                    int end = Array.IndexOf(elf, (byte)0, (int)name);
                    if (Encoding.ASCII.GetString(elf, (int)name, end - (int)name) == Version) { flagsOffset = (int)aux + 4; return true; }
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                vn += BitConverter.ToUInt32(elf, (int)vn + 12);
            }
        }
        return false;
    }

    bool Run(string tool, string args, string package, out string stdout)
    {
        stdout = "";
        try
        {
            using var p = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            stdout = p.StandardOutput.ReadToEnd();
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode == 0) return true;
            Log.LogError($"'{tool} {args}' failed ({p.ExitCode}): {err.Trim()}");
            return false;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Log.LogError($"TorchSharp needs '{tool}' to be patched for this host's libstdc++ (no {Version}). Install it: sudo apt-get install -y {package}");
            return false;
        }
    }
}
