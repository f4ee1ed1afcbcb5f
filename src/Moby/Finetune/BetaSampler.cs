using Moby.Data;

namespace Moby.Finetune;

/// <summary>Beta(a, a) draws from a SplitMix stream: X / (X + Y) with X, Y ~ Gamma(a, 1) (Marsaglia and Tsang's method).</summary>
internal static class BetaSampler
{
    public static double Symmetric(double alpha, ref SplitMix rng)
    {
        double x = Gamma(alpha, ref rng), y = Gamma(alpha, ref rng);
        return x + y > 0 ? x / (x + y) : 0.5;
    }

    /// <summary>Gamma(shape, 1); below shape 1 through Gamma(shape + 1) x U^(1 / shape).</summary>
    public static double Gamma(double shape, ref SplitMix rng)
    {
        if (shape < 1) return Gamma(shape + 1, ref rng) * Math.Pow(1 - rng.NextDouble(), 1 / shape);
        double d = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z = Normal(ref rng), v = 1 + c * z;
            if (v <= 0) continue;
            v = v * v * v;
            double u = 1 - rng.NextDouble();
            if (Math.Log(u) < 0.5 * z * z + d - d * v + d * Math.Log(v)) return d * v;
        }
    }

    /// <summary>A standard normal draw (Box-Muller).</summary>
    private static double Normal(ref SplitMix rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
