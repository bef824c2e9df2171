// The per-row Gram kernel: vector tiles equal the scalar reference and the naive Σ q·pᵀ on the upper triangle, at every rank around the vector and tile widths.
using Nmf.Fast.Missing;

namespace Nmf.Fast.Tests.Missing;

public class RowGramTests
{
    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        foreach (int k in new[] { 1, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 20, 24, 25, 31, 33 })
            foreach (int count in new[] { 0, 1, 2, 7, 40 })
                data.Add(k, count);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void RowGram_MatchesNaiveUpperTriangle_Double(int k, int count) => Check<double>(k, count, 1e-12);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void RowGram_MatchesNaiveUpperTriangle_Float(int k, int count) => Check<float>(k, count, 1e-5);

    private static void Check<T>(int k, int count, double tolerance) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int kp = RowGram.PaddedRank<T>(k);
        var rng = new System.Random(k * 100 + count);
        var p = new T[Math.Max(1, count) * kp];
        var q = new T[p.Length];
        for (int e = 0; e < count; e++)
        {
            double c = rng.NextDouble() * 2 - 1;
            for (int t = 0; t < k; t++)
            {
                double v = rng.NextDouble();
                p[e * kp + t] = T.CreateTruncating(v);
                q[e * kp + t] = T.CreateTruncating(c) * T.CreateTruncating(v);
            }
        }
        var vector = new T[kp * kp];
        var scalar = new T[kp * kp];
        RowGram.AccumulateUpper<T>(p, q, count, k, kp, vector);
        RowGram.AccumulateUpper<T>(p, q, count, k, kp, scalar, forceScalar: true);
        for (int t = 0; t < k; t++)
            for (int r = t; r < k; r++)
            {
                double naive = 0;
                for (int e = 0; e < count; e++) naive += double.CreateTruncating(q[e * kp + t]) * double.CreateTruncating(p[e * kp + r]);
                double scale = Math.Max(1, Math.Abs(naive)) * Math.Max(1, count);
                Assert.True(Math.Abs(double.CreateTruncating(vector[t * kp + r]) - naive) <= tolerance * scale, $"vector ({t},{r}) k={k} count={count}");
                Assert.True(Math.Abs(double.CreateTruncating(scalar[t * kp + r]) - naive) <= tolerance * scale, $"scalar ({t},{r}) k={k} count={count}");
            }
    }
}
