// The per-row Gram of weighted HALS: RowGram equals the naive b·G + sign·Σ aₑ·oₑoₑᵀ + L2·I, chunked or not; correction and direct lists agree; the masked fit does not depend on the thread count.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Memory;
using Nmf.Fast.Missing;
using Nmf.Fast.Tests.Solvers.Hals;
using TestData = Nmf.Fast.Tests.Solvers.Hals.TestData;

namespace Nmf.Fast.Tests.Missing;

public class RowGramTests
{
    /// <summary>The listed rows of a random n×k factor O (padded to kp, padding 0) as a panel, their coefficients, and G = OᵀO.</summary>
    private static (T[] P, T[] Q, T[] Gram, double[,] Naive) Problem<T>(int k, int n, int[] listed, int seed, bool weighted, double b, double sign, double l2)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int kp = RowGram.PaddedRank<T>(k);
        var rng = new System.Random(seed);
        var o = new double[n, k];
        for (int j = 0; j < n; j++) for (int t = 0; t < k; t++) o[j, t] = rng.NextDouble();
        var gram = new T[kp * kp];
        var naive = new double[k, k];
        for (int a = 0; a < k; a++)
            for (int c = 0; c < k; c++)
            {
                double s = 0;
                for (int j = 0; j < n; j++) s += o[j, a] * o[j, c];
                gram[a * kp + c] = T.CreateTruncating(s);
                naive[a, c] = b * double.CreateTruncating(gram[a * kp + c]) + (a == c ? l2 : 0);
            }
        var p = new T[listed.Length * kp];
        var q = new T[listed.Length * kp];
        for (int e = 0; e < listed.Length; e++)
        {
            double coefficient = weighted ? 0.2 + rng.NextDouble() : 1;
            for (int t = 0; t < k; t++)
            {
                p[e * kp + t] = T.CreateTruncating(o[listed[e], t]);
                q[e * kp + t] = T.CreateTruncating(coefficient * double.CreateTruncating(p[e * kp + t]));
            }
            for (int a = 0; a < k; a++)
                for (int c = 0; c < k; c++)
                    naive[a, c] += sign * double.CreateTruncating(q[e * kp + a]) * double.CreateTruncating(p[e * kp + c]);
        }
        return (p, q, gram, naive);
    }

    /// <summary>Runs RowGram over the panel in chunks of <paramref name="chunk"/> entries; the buffer starts as NaN so unwritten reads show.</summary>
    private static T[] Build<T>(T[] p, T[] q, int count, T[] gram, int k, int chunk, T b, T sign, T l2)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int kp = RowGram.PaddedRank<T>(k);
        var gi = new T[kp * kp];
        gi.AsSpan().Fill(T.NaN);
        for (int e0 = 0; e0 < count; e0 += chunk)
        {
            int length = Math.Min(chunk, count - e0);
            RowGram.Accumulate<T>(p.AsSpan(e0 * kp, length * kp), q.AsSpan(e0 * kp, length * kp), length, k, kp, gi, first: e0 == 0);
        }
        RowGram.Finish<T>(gi, count == 0, gram, k, kp, b, sign, l2);
        return gi;
    }

    private static Arbitrary<(int K, int Count, int Chunk, int Seed, int Kind)> Cases() =>
        (from k in Gen.Choose(1, 23)
         from count in Gen.Choose(0, 60)
         from chunk in Gen.Choose(1, 70)
         from seed in Gen.Choose(0, 1_000_000)
         from kind in Gen.Choose(0, 3)
         select (k, count, chunk, seed, kind)).ToArbitrary();

    [Property(MaxTest = 60)]
    public Property RowGram_EqualsTheNaiveGram_ForEveryListKindAndChunking() =>
        Prop.ForAll(Cases(), c =>
        {
            // kind 0: mask direct (b 0, +1); 1: mask correction (b 1, −1); 2: weighted direct; 3: weighted correction (b 1.5, +1).
            bool weighted = c.Kind >= 2;
            double b = c.Kind switch { 1 => 1, 3 => 1.5, _ => 0 };
            double sign = c.Kind == 1 ? -1 : 1;
            double l2 = c.Seed % 2 * 0.25;
            int n = 70;
            var rng = new System.Random(c.Seed);
            var listed = Enumerable.Range(0, c.Count).Select(_ => rng.Next(n)).ToArray();
            return Check<double>(c.K, n, listed, c.Seed, c.Chunk, weighted, b, sign, l2, 1e-12)
                && Check<float>(c.K, n, listed, c.Seed, c.Chunk, weighted, b, sign, l2, 2e-5);
        });

    private static bool Check<T>(int k, int n, int[] listed, int seed, int chunk, bool weighted, double b, double sign, double l2, double tolerance)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int kp = RowGram.PaddedRank<T>(k);
        var (p, q, gram, naive) = Problem<T>(k, n, listed, seed, weighted, b, sign, l2);
        var gi = Build(p, weighted ? q : p, listed.Length, gram, k, chunk, T.CreateTruncating(b), T.CreateTruncating(sign), T.CreateTruncating(l2));
        double scale = 1 + listed.Length + n;
        for (int a = 0; a < k; a++)
            for (int c = 0; c < kp; c++)
            {
                double expected = c < k ? naive[a, c] : 0;
                double got = double.CreateTruncating(gi[a * kp + c]);
                if (!(Math.Abs(got - expected) <= tolerance * scale)) return false;
            }
        return true;
    }

    [Theory]
    [InlineData(3, 0.1)]
    [InlineData(8, 0.1)]
    [InlineData(20, 0.3)]
    [InlineData(20, 0.9)]
    public void CorrectionAndDirectLists_GiveTheSameGram(int k, double missing)
    {
        // One row of a mask: G − Σ_missing oₑoₑᵀ (correction) and Σ_observed oₑoₑᵀ (direct) are the same matrix up to round-off.
        int n = 200;
        var rng = new System.Random(k);
        var observed = Enumerable.Range(0, n).Where(_ => rng.NextDouble() >= missing).ToArray();
        var hidden = Enumerable.Range(0, n).Except(observed).ToArray();
        int kp = RowGram.PaddedRank<double>(k);
        var (pd, _, gram, _) = Problem<double>(k, n, observed, 5, false, 0, 1, 0.5);
        var (pc, _, _, _) = Problem<double>(k, n, hidden, 5, false, 1, -1, 0.5);
        var direct = Build(pd, pd, observed.Length, gram, k, 16, 0.0, 1.0, 0.5);
        var correction = Build(pc, pc, hidden.Length, gram, k, 16, 1.0, -1.0, 0.5);
        for (int a = 0; a < k; a++)
            for (int c = 0; c < k; c++)
                Assert.Equal(direct[a * kp + c], correction[a * kp + c], 1e-10 * n);
    }

    [Theory]
    [InlineData(0.1, false)]
    [InlineData(0.6, false)]
    [InlineData(0.3, true)]
    public void MaskedHals_IsBitwiseTheSameForAnyThreadCount(double missing, bool general)
    {
        // Large enough that every sweep, even with 10 % missing (lists of 30–40 entries), splits its rows over two workers
        // (about 2¹⁸ multiply-adds per chunk, see MaskedHalsSweep.Run), so the second thread does take work.
        int m = 400, n = 300;
        var x = TestData.Uniform(m, n, 11);
        var mask = NaiveWeighted.RandomMask(m, n, missing, 12);
        var omega = NaiveWeighted.MaskMatrix(mask);
        if (general)
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) if (omega[i, j] > 0) omega[i, j] = 0.5 + (i * 7 + j * 3) % 5 * 0.25;
        var weights = NmfWeights<double>.FromWeights(omega);
        var options = new NmfOptions { Rank = 12, Init = NmfInit.Random, Seed = 4, MaxIterations = 6, Tolerance = 0 };
        var one = NonNegativeMatrixFactorization.Fit(x, weights, options with { MaxDegreeOfParallelism = 1 });
        var two = NonNegativeMatrixFactorization.Fit(x, weights, options with { MaxDegreeOfParallelism = 2 });
        var four = NonNegativeMatrixFactorization.Fit(x, weights, options with { MaxDegreeOfParallelism = 4 });
        MatrixAssert.BitwiseEqual(one.W, two.W);
        MatrixAssert.BitwiseEqual(one.H, two.H);
        MatrixAssert.BitwiseEqual(one.W, four.W);
        MatrixAssert.BitwiseEqual(one.H, four.H);
    }
}
