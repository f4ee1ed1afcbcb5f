using System.Reflection;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;
using static Moby.Torch.Scalars;

namespace Moby.Nn;

/// <summary>
/// F.linear (y = x W^T + b over the last dimension) with its three products on OpenBLAS, as an autograd function:
/// forward x W^T; backward dx = dy W and dW = dy^T x, db the sum of dy over the rows. Same values as F.linear up to
/// the order of the sums. Without gradients to compute (a momentum encoder, evaluation) no autograd node is made.
/// <para>
/// Memory: a tensor made in C# lives until it is disposed, and a training step's dispose scope ends only after the
/// whole backward, while LibTorch frees its own intermediate tensors as soon as they are consumed. So every tensor
/// this function makes is released as soon as LibTorch holds its own reference: the forward's temporaries (input rows,
/// weight, output) when the node is built, the incoming gradient once used, and a backward's returned gradients when
/// the next backward on this thread starts (LibTorch has taken them by then). TorchSharp also keeps an empty tensor
/// shaped like the output, only to make zeros should the output's gradient be undefined; a zero-stride tensor of that
/// shape serves the same purpose without holding the output's size.
/// </para>
/// </summary>
internal sealed class BlasLinear : SingleTensorFunction<BlasLinear>
{
    public override string Name => nameof(BlasLinear);

    [ThreadStatic] private static List<Tensor>? returned;
    [ThreadStatic] private static (AutogradContext Context, Tensor[] Temporaries)? built;

    private static readonly FieldInfo? contextNode = typeof(AutogradContext).GetField("_node", BindingFlags.NonPublic | BindingFlags.Instance);
    private static readonly FieldInfo? nodeOutputCache = typeof(AutogradContext).Assembly.GetType("TorchSharp.torch+autograd+Node`1")
        ?.MakeGenericType(typeof(BlasLinear)).GetField("_outputCache", BindingFlags.NonPublic | BindingFlags.Instance);

    /// <summary>x [..., in], weight [out, in], bias [out] or null, all float32 on the CPU.</summary>
    public static Tensor Apply(Tensor x, Tensor weight, Tensor? bias)
    {
        bool needsGradient = is_grad_enabled() && (x.requires_grad || weight.requires_grad || bias?.requires_grad == true);
        if (!needsGradient)
        {
            var (rows, w, output) = Forward(x, weight, bias);
            rows.Dispose(); w.Dispose();
            return output;
        }
        var y = apply(x, weight, bias!);
        ReleaseForward();
        return y;
    }

    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        var (x, weight, bias) = ((Tensor)vars[0], (Tensor)vars[1], vars[2] as Tensor);
        var (rows, w, output) = Forward(x, weight, bias);
        ctx.save_for_backward([rows, w]);
        ctx.save_data("shape", x.shape);
        ctx.save_data("bias", bias is not null);
        built = (ctx, [rows, w, output]);
        return output;
    }

    public override List<Tensor> backward(AutogradContext ctx, Tensor gradOutput)
    {
        ReleaseReturned();
        using var incoming = gradOutput;
        var saved = ctx.get_saved_variables();
        using var rows = saved[0];
        using var w = saved[1];
        using var dy = Rows(gradOutput);
        using var dx = OpenBlas.MatMul(dy, false, w, false);
        var dw = OpenBlas.MatMul(dy, true, rows, false);
        var db = (bool)ctx.get_data("bias") ? dy.sum(dim: 0L) : null;
        returned = [dx.view((long[])ctx.get_data("shape")), dw];
        if (db is not null) returned.Add(db);
        return [returned[0], dw, db!];
    }

    private static (Tensor Rows, Tensor Weight, Tensor Output) Forward(Tensor x, Tensor weight, Tensor? bias)
    {
        var rows = Rows(x);
        var w = weight.contiguous();
        using var product = OpenBlas.MatMul(rows, false, w, true);
        if (bias is not null) product.add_(bias, One);
        return (rows, w, product.view([.. x.shape[..^1], weight.shape[0]]));
    }

    // The tensor as a contiguous [rows, features] matrix (a view when it already is contiguous).
    private static Tensor Rows(Tensor t)
    {
        using var rows = t.reshape(-1, t.shape[^1]);
        return rows.contiguous();
    }

    // After the node is built: LibTorch holds the saved tensors and the output; the C# handles can go.
    private static void ReleaseForward()
    {
        if (built is not var (context, temporaries)) return;
        built = null;
        foreach (var t in temporaries) t.Dispose();
        ShrinkOutputCache(context);
    }

    private static void ReleaseReturned()
    {
        returned?.ForEach(t => t.Dispose());
        returned = null;
    }

    private static void ShrinkOutputCache(AutogradContext context)
    {
        var node = contextNode?.GetValue(context);
        if (node is null || nodeOutputCache?.GetValue(node) is not List<Tensor> cache) return;
        for (int i = 0; i < cache.Count; i++)
        {
            if (cache[i] is not { } full) continue;
            using (var one = zeros(1, dtype: full.dtype, device: full.device))
                cache[i] = one.expand(full.shape).DetachFromDisposeScope(); // the node disposes its cache
            full.Dispose();
        }
    }
}
