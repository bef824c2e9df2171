// The projection's small linear-algebra kernels: short dot/axpy on every tier, Cholesky rows, solves and row removal.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Linear.Kernels;
using Nmf.Fast.Projection;
using TestData = Nmf.Fast.Tests.Solvers.Hals.TestData;

namespace Nmf.Fast.Tests.Projection;

public class ProjectionKernelTests
{
    [Fact]
    public void ShortVectorOps_MatchNaiveLoops_OnEveryTier_ForEveryLengthAcrossVectorWidths()
    {
        foreach (var tier in Enum.GetValues<KernelTier>().Where(KernelSelector.IsSupported))
            CheckShortVectorOps(tier);
    }

    private static void CheckShortVectorOps(KernelTier tier)
    {
        var random = new Random(5);
        for (int length = 0; length <= 41; length++)
        {
            var a = Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray();
            var b = Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray();
            double expected = 0;
            for (int i = 0; i < length; i++) expected += a[i] * b[i];
            var y = (double[])b.Clone();
            ref double a0 = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(a);
            ref double y0 = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(y);
            Assert.Equal(expected, ShortVectorOps.Dot(tier, ref a0, ref y0, length), 1e-12);
            ShortVectorOps.SubtractScaled(tier, ref y0, 0.75, ref a0, length);
            for (int i = 0; i < length; i++) Assert.Equal(b[i] - 0.75 * a[i], y[i], 1e-15);
        }
    }

    /// <summary>A symmetric positive definite k×k matrix H·Hᵀ + 0.1·I from random H (k×(k+3)).</summary>
    private static double[] SpdMatrix(int k, int seed)
    {
        var h = TestData.Uniform(k, k + 3, seed);
        var g = new double[k * k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                double sum = i == j ? 0.1 : 0;
                for (int c = 0; c < k + 3; c++) sum += h[i, c] * h[j, c];
                g[i * k + j] = sum;
            }
        return g;
    }

    private static Gen<(int K, int[] Index, int Seed)> FreeSets() =>
        from k in Gen.Choose(1, 40)
        from seed in Gen.Choose(0, 10_000)
        from keys in Gen.ArrayOf(Gen.Choose(0, 1000), k)
        from size in Gen.Choose(1, k)
        select (k, Enumerable.Range(0, k).OrderBy(t => keys[t]).ThenBy(t => t).Take(size).ToArray(), seed);

    [Property(MaxTest = 60)]
    public FsCheck.Property Cholesky_SolvesTheFreeSetSystem_WhateverRowsWereReused()
    {
        return Prop.ForAll(Arb.From(from s in FreeSets() from start in Gen.Choose(0, s.Index.Length) select (s, start)), input =>
        {
            var ((k, index, seed), start) = input;
            var g = SpdMatrix(k, seed);
            int p = index.Length;
            var factor = new double[k * k];
            Assert.True(FreeSetCholesky.FactorRows(g, k, index.AsSpan(0, start), 0, factor));
            Assert.True(FreeSetCholesky.FactorRows(g, k, index, start, factor));
            var rhs = Enumerable.Range(0, p).Select(i => (double)(i % 3) - 0.5).ToArray();
            var z = (double[])rhs.Clone();
            FreeSetCholesky.Solve(factor, k, z);
            for (int i = 0; i < p; i++)
            {
                double row = 0;
                for (int j = 0; j < p; j++) row += g[index[i] * k + index[j]] * z[j];
                Assert.Equal(rhs[i], row, 1e-8);
            }
        });
    }

    [Property(MaxTest = 60)]
    public FsCheck.Property RemoveRow_GivesTheFactorOfTheSmallerSet()
    {
        return Prop.ForAll(Arb.From(from s in FreeSets() where s.Index.Length >= 2 from q in Gen.Choose(0, s.Index.Length - 1) select (s, q)), input =>
        {
            var ((k, index, seed), q) = input;
            var g = SpdMatrix(k, seed);
            int p = index.Length;
            var factor = new double[k * k];
            Assert.True(FreeSetCholesky.FactorRows(g, k, index, 0, factor));
            FreeSetCholesky.RemoveRow(factor, k, p, q, new double[k]);
            var smaller = index.Where((_, i) => i != q).ToArray();
            var expected = new double[k * k];
            Assert.True(FreeSetCholesky.FactorRows(g, k, smaller, 0, expected));
            for (int i = 0; i < p - 1; i++)
                for (int j = 0; j <= i; j++)
                    Assert.Equal(expected[i * k + j], factor[i * k + j], 1e-9 * Math.Max(1, Math.Abs(expected[i * k + j])));
        });
    }

    [Fact]
    public void FactorRows_SingularSubsystem_IsReported()
    {
        // Components 0 and 1 are identical: G[{0,1},{0,1}] = [[2,2],[2,2]] is singular; {0, 2} is fine.
        double[] g = [2, 2, 1, 2, 2, 1, 1, 1, 3];
        Assert.False(FreeSetCholesky.FactorRows(g, 3, [0, 1], 0, new double[9]));
        Assert.True(FreeSetCholesky.FactorRows(g, 3, [0, 2], 0, new double[9]));
    }
    [Property(MaxTest = 40)]
    public Property ComponentProducts_ByRows_MatchTheGemmPath_ForFloatAndDouble()
    {
        var shapes = from k in Gen.Choose(1, 30) from n in Gen.Choose(1, 300) from seed in Gen.Choose(0, 10_000) select (k, n, seed);
        return Prop.ForAll(shapes.ToArbitrary(), s =>
        {
            var h = TestData.Uniform(s.k, s.n, s.seed);
            var x = TestData.Uniform(1, s.n, s.seed + 1);
            var hd = new double[s.k * s.n];
            for (int t = 0; t < s.k; t++)
                for (int j = 0; j < s.n; j++) hd[t * s.n + j] = h[t, j];
            var xd = Enumerable.Range(0, s.n).Select(j => x[0, j]).ToArray();
            var byRows = new double[s.k];
            var byGemm = new double[s.k];
            NmfProjector<double>.ComponentProducts(hd, xd, byRows, byRows: true);
            NmfProjector<double>.ComponentProducts(hd, xd, byGemm, byRows: false);
            var hf = hd.Select(v => (float)v).ToArray();
            var xf = xd.Select(v => (float)v).ToArray();
            var rowsF = new float[s.k];
            var gemmF = new float[s.k];
            NmfProjector<float>.ComponentProducts(hf, xf, rowsF, byRows: true);
            NmfProjector<float>.ComponentProducts(hf, xf, gemmF, byRows: false);
            for (int t = 0; t < s.k; t++)
            {
                double expected = 0;
                for (int j = 0; j < s.n; j++) expected += hd[t * s.n + j] * xd[j];
                Assert.Equal(expected, byRows[t], 1e-12 * (1 + expected));
                Assert.Equal(expected, byGemm[t], 1e-12 * (1 + expected));
                Assert.Equal(expected, rowsF[t], 1e-4 * (1 + expected));
                Assert.Equal(expected, gemmF[t], 1e-4 * (1 + expected));
            }
        });
    }

    [Fact]
    public void ProductsByRows_OnlyWhenTheGemmHasNoSimdTier()
    {
        Assert.True(NmfProjector<float>.ProductsByRows(KernelTier.Scalar));
        Assert.False(NmfProjector<float>.ProductsByRows(KernelTier.Avx2));
        Assert.False(NmfProjector<double>.ProductsByRows(KernelTier.Avx512));
    }
}
