using TorchSharp;
using static TorchSharp.torch;
using static Moby.Torch.Scalars;

namespace Moby.Nn;

/// <summary>
/// Truncated normal initialisation with PyTorch's (and timm 0.4's) algorithm: inverse-CDF sampling of a
/// normal restricted to [a, b]. TorchSharp 0.107's own <c>nn.init.trunc_normal_</c> swaps mean and std
/// and drops the sqrt(2) factor, so it fills a constant; this is its replacement.
/// </summary>
internal static class TruncNormal
{
    /// <summary>Fills <paramref name="tensor"/> in place; a and b are absolute bounds, as in timm.</summary>
    public static Tensor Fill(Tensor tensor, double mean = 0, double std = 1, double a = -2, double b = 2, Generator? generator = null)
    {
        using var _ = no_grad();
        double lower = NormalCdf((a - mean) / std), upper = NormalCdf((b - mean) / std);
        tensor.uniform_(2 * lower - 1, 2 * upper - 1, generator);
        tensor.erfinv_();
        using var scale = Of(std * Math.Sqrt(2.0));
        using var shift = Of(mean);
        using var low = Of(a);
        using var high = Of(b);
        tensor.mul_(scale);
        tensor.add_(shift, One);
        tensor.clamp_(low, high);
        return tensor;
    }

    static double NormalCdf(double x) => (1.0 + Erf(x / Math.Sqrt(2.0))) / 2.0;

    /// <summary>erf to double precision (.NET has no Math.Erf): Maclaurin series up to 3, continued fraction
    /// for erfc beyond.</summary>
    static double Erf(double x)
    {
        double sign = Math.Sign(x);
        x = Math.Abs(x);
        if (x > 6) return sign;
        if (x <= 3)
        {
            double sum = x, term = x, x2 = x * x;
            for (int n = 1; n < 200; n++)
            {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum)) break;
            }
            return sign * 2 / Math.Sqrt(Math.PI) * sum;
        }
        // Lentz continued fraction for erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))).
        double f = x, c = x, d = 0;
        for (int n = 1; n < 300; n++)
        {
            double an = n / 2.0;
            d = x + an * d; d = 1 / d;
            c = x + an / c;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        double erfc = Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
        return sign * (1 - erfc);
    }
}
