using Mono.Cecil;
using Mono.Cecil.Cil;
using Moby.Torch;
using TorchSharp;
using Xunit;

namespace Moby.Tests.Torch;

/// <summary>
/// Reads the compiled library and checks that no TorchSharp Scalar can be finalized while LibTorch reads it
/// (<see cref="Scalars"/> says why): no implicit conversion to Scalar, no TorchSharp method that makes one inside
/// (followed through TorchSharp's own direct calls), and every Scalar the library makes stored in a field or held
/// by a local that a finally block disposes.
/// </summary>
public class ScalarLifetimeTests
{
    private static readonly Lazy<ModuleDefinition> Library = new(() => ModuleDefinition.ReadModule(typeof(Scalars).Assembly.Location));
    private static readonly Lazy<HashSet<string>> MakesTemporaryScalars = new(() => TemporaryScalarMakers(typeof(torch).Assembly.Location));

    [Fact]
    public void NoImplicitConversionToScalar()
    {
        var sites = CallSites(r => IsImplicitScalar(r)).ToList();
        Assert.True(sites.Count == 0, "implicit Scalars (use Scalars.Of held by a using, or a static readonly field):\n" + string.Join("\n", sites));
    }

    [Fact]
    public void NoTorchSharpMethodThatMakesATemporaryScalar()
    {
        var sites = CallSites(r => MakesTemporaryScalars.Value.Contains(r.FullName)).ToList();
        Assert.True(sites.Count == 0, "calls into TorchSharp methods that make a temporary Scalar (pass Scalars.One or a held Scalar):\n" + string.Join("\n", sites));
    }

    [Fact]
    public void EveryScalarMadeIsRootedAcrossItsCall()
    {
        var unrooted = new List<string>();
        int made = 0;
        foreach (var (type, method) in Methods().Where(m => m.Type.FullName != typeof(Scalars).FullName))
            foreach (var call in method.Body.Instructions.Where(i => i.Operand is MethodReference r && MakesScalar(r)))
            {
                made++;
                if (!IsRooted(method, call.Next))
                    unrooted.Add($"{type.FullName}::{method.Name}");
            }
        Assert.True(made > 10, $"only {made} Scalars made: the check no longer sees them");
        Assert.True(unrooted.Count == 0, "Scalars neither stored in a field nor disposed in a finally:\n" + string.Join("\n", unrooted));
    }

    [Fact]
    public void TheCheckSeesTorchSharpsOwnTemporaries()
    {
        // The rules above are only as good as this set: TorchSharp's add(Tensor) passes an implicit alpha of 1.
        var makers = MakesTemporaryScalars.Value;
        Assert.Contains(makers, name => name.Contains("TorchSharp.torch/Tensor::add(TorchSharp.torch/Tensor)"));
        Assert.Contains(makers, name => name.Contains("op_Addition(TorchSharp.torch/Tensor,TorchSharp.torch/Tensor)"));
        Assert.DoesNotContain(makers, name => name.Contains("TorchSharp.torch/Tensor::add(TorchSharp.torch/Tensor,TorchSharp.Scalar)"));
    }

    private static bool IsImplicitScalar(MethodReference r) => r.DeclaringType.FullName == "TorchSharp.Scalar" && r.Name == "op_Implicit";

    private static bool MakesScalar(MethodReference r) =>
        r.ReturnType.FullName == "TorchSharp.Scalar" && !IsImplicitScalar(r)
        && (r.DeclaringType.FullName == "TorchSharp.ScalarExtensionMethods" || r.DeclaringType.FullName == typeof(Scalars).FullName);

    /// <summary>Stored into a field (rooted by its owner), or into a local that a finally block disposes.</summary>
    private static bool IsRooted(MethodDefinition method, Instruction store)
    {
        if (store.OpCode.Code is Code.Stsfld or Code.Stfld) return true;
        int? local = LocalIndex(store, stores: true);
        return local is not null && method.Body.ExceptionHandlers
            .Where(h => h.HandlerType == ExceptionHandlerType.Finally)
            .Any(h => DisposesLocal(h, local.Value));
    }

    private static bool DisposesLocal(ExceptionHandler handler, int local)
    {
        bool loaded = false;
        for (var i = handler.HandlerStart; i is not null && i != handler.HandlerEnd; i = i.Next)
        {
            if (LocalIndex(i, stores: false) == local) loaded = true;
            if (loaded && i.Operand is MethodReference r && r.Name == "Dispose") return true;
        }
        return false;
    }

    private static int? LocalIndex(Instruction i, bool stores) => (i.OpCode.Code, stores) switch
    {
        (Code.Stloc_0, true) or (Code.Ldloc_0, false) => 0,
        (Code.Stloc_1, true) or (Code.Ldloc_1, false) => 1,
        (Code.Stloc_2, true) or (Code.Ldloc_2, false) => 2,
        (Code.Stloc_3, true) or (Code.Ldloc_3, false) => 3,
        (Code.Stloc_S or Code.Stloc, true) or (Code.Ldloc_S or Code.Ldloc, false) => ((VariableDefinition)i.Operand).Index,
        _ => null,
    };

    private static IEnumerable<(TypeDefinition Type, MethodDefinition Method)> Methods() =>
        Library.Value.GetTypes().SelectMany(t => t.Methods.Where(m => m.HasBody).Select(m => (t, m)));

    private static IEnumerable<string> CallSites(Func<MethodReference, bool> matches) =>
        from m in Methods()
        from i in m.Method.Body.Instructions
        where i.Operand is MethodReference r && matches(r)
        select $"{m.Type.FullName}::{m.Method.Name} calls {((MethodReference)i.Operand).FullName}";

    /// <summary>TorchSharp methods that make an implicit Scalar, directly or through TorchSharp's own direct calls.</summary>
    private static HashSet<string> TemporaryScalarMakers(string torchSharpPath)
    {
        var methods = ModuleDefinition.ReadModule(torchSharpPath).GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody).ToList();
        var makers = methods.Where(m => m.Body.Instructions.Any(i => i.Operand is MethodReference r && IsImplicitScalar(r)))
            .Select(m => m.FullName).ToHashSet();
        for (bool grew = true; grew;)
        {
            var callers = methods.Where(m => !makers.Contains(m.FullName)
                && m.Body.Instructions.Any(i => i.Operand is MethodReference r && makers.Contains(r.FullName))).ToList();
            makers.UnionWith(callers.Select(m => m.FullName));
            grew = callers.Count > 0;
        }
        return makers;
    }
}
