// FsCheck properties of the HALS solver: non-negativity, monotone loss, recovery, scaling, transform, thread independence.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Solvers.Hals;

public class HalsPropertyTests
{
    private static Arbitrary<(int M, int N, int K, int Seed)> Shapes(int maxM = 40, int maxN = 40, int maxK = 8) =>
        (from m in Gen.Choose(1, maxM)
         from n in Gen.Choose(1, maxN)
         from k in Gen.Choose(1, maxK)
         from seed in Gen.Choose(0, 1_000_000)
         select (m, n, k, seed)).ToArbitrary();

    [Property(MaxTest = 40)]
    public Property Hals_FactorsStayNonNegativeAndFinite() =>
        Prop.ForAll(Shapes(), s =>
        {
            var x = TestData.Uniform(s.M, s.N, s.Seed);
            var r = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = s.K, Init = NmfInit.Random, Seed = s.Seed, MaxIterations = 30, AlphaW = s.Seed % 3 * 0.01, L1Ratio = 0.5 });
            MatrixAssert.NonNegative(r.W);
            MatrixAssert.NonNegative(r.H);
            return double.IsFinite(r.ReconstructionError);
        });

    [Property(MaxTest = 40)]
    public Property Hals_NeverIncreasesLoss() =>
        Prop.ForAll(Shapes(), s =>
        {
            var x = TestData.Uniform(s.M, s.N, s.Seed);
            double alpha = s.Seed % 4 * 0.02;
            var r = NonNegativeMatrixFactorization.Fit(x, new NmfOptions
            {
                Rank = s.K, Init = NmfInit.Random, Seed = s.Seed, MaxIterations = 40, Tolerance = 0,
                AlphaW = alpha, AlphaH = alpha / 2, L1Ratio = s.Seed % 5 / 4.0,
            });
            double slack = 1e-10 * (r.Trace[0].Loss + 1);
            for (int i = 1; i < r.Trace.Count; i++)
                if (r.Trace[i].Loss > r.Trace[i - 1].Loss + slack) return false;
            return r.Trace.Count == r.Iterations + 1 && r.Trace[0].Iteration == 0;
        });

    [Property(MaxTest = 12)]
    public Property Hals_RecoversPlantedLowRank() =>
        Prop.ForAll(Shapes(60, 50, 3).Generator.Where(s => s.M >= 20 && s.N >= 20).ToArbitrary(), s =>
        {
            var (x, _, _) = TestData.Planted(s.M, s.N, s.K, s.Seed);
            var r = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = s.K, Init = NmfInit.Random, Seed = s.Seed, MaxIterations = 20000, Tolerance = 1e-14 });
            return (r.RelativeError < 1e-6).Label($"relative error {r.RelativeError} after {r.Iterations}");
        });

    [Property(MaxTest = 30)]
    public Property Hals_ScalingXByPowerOfFour_ScalesFactorsByPowerOfTwoExactly() =>
        Prop.ForAll(Shapes(), Gen.Choose(-3, 3).ToArbitrary(), (s, e) =>
        {
            var x = TestData.Uniform(s.M, s.N, s.Seed);
            var w0 = TestData.Uniform(s.M, s.K, s.Seed + 1);
            var h0 = TestData.Uniform(s.K, s.N, s.Seed + 2);
            double c = Math.Pow(4, e), root = Math.Pow(2, e);
            var baseline = NonNegativeMatrixFactorization.Fit(x, Custom(s.K, w0, h0));
            var scaled = NonNegativeMatrixFactorization.Fit(Scale(x, c), Custom(s.K, Scale(w0, root), Scale(h0, root)));
            MatrixAssert.BitwiseEqual(Scale(baseline.W, root), scaled.W);
            MatrixAssert.BitwiseEqual(Scale(baseline.H, root), scaled.H);
            return baseline.Iterations == scaled.Iterations;
        });

    [Property(MaxTest = 10)]
    public Property Transform_OfTrainingData_ReproducesW() =>
        Prop.ForAll(Shapes(50, 40, 3).Generator.Where(s => s.M >= 10 && s.N >= 15).ToArbitrary(), s =>
        {
            var (x, _, _) = TestData.Planted(s.M, s.N, s.K, s.Seed);
            var r = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = s.K, Init = NmfInit.Random, Seed = s.Seed, MaxIterations = 3000, Tolerance = 1e-12 });
            var w = r.Transform(x);
            double d = MatrixAssert.RelativeDistance(w, r.W);
            return (d < 1e-4).Label($"transform differs from W by {d}");
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Hals_ThreadCountDoesNotChangeBits(int threads)
    {
        // 2600 rows with k = 40 give the W sweep enough tiles (≥ 2²⁰ multiply-adds each worker) to run on several threads.
        var x = TestData.Uniform(2600, 45, 11);
        var one = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 40, Init = NmfInit.Random, Seed = 3, MaxIterations = 8, MaxDegreeOfParallelism = 1 });
        var many = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 40, Init = NmfInit.Random, Seed = 3, MaxIterations = 8, MaxDegreeOfParallelism = threads });
        MatrixAssert.BitwiseEqual(one.W, many.W);
        MatrixAssert.BitwiseEqual(one.H, many.H);
        Assert.Equal(one.Trace.Select(p => p.Loss), many.Trace.Select(p => p.Loss));

        var xf = MatrixAssert.Convert<float>(x);
        var oneF = NonNegativeMatrixFactorization.Fit(xf, new NmfOptions { Rank = 40, Init = NmfInit.Random, Seed = 3, MaxIterations = 8, MaxDegreeOfParallelism = 1 });
        var manyF = NonNegativeMatrixFactorization.Fit(xf, new NmfOptions { Rank = 40, Init = NmfInit.Random, Seed = 3, MaxIterations = 8, MaxDegreeOfParallelism = threads });
        MatrixAssert.BitwiseEqual(oneF.W, manyF.W);
        MatrixAssert.BitwiseEqual(oneF.H, manyF.H);
    }

    [Fact]
    public void Hals_TraceLossMatchesExactResidual()
    {
        var x = TestData.Uniform(25, 17, 5);
        var r = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 3, Init = NmfInit.Random, Seed = 1, MaxIterations = 10, Tolerance = 0 });
        double exact = 0.5 * r.ReconstructionError * r.ReconstructionError;
        Assert.Equal(exact, r.Trace[^1].Loss, 1e-9 * exact);
    }

    private static NmfOptions Custom(int k, Matrix<double> w0, Matrix<double> h0) =>
        new() { Rank = k, Init = NmfInit.Custom, InitialW = w0, InitialH = h0, MaxIterations = 20 };

    private static Matrix<double> Scale(Matrix<double> m, double c)
    {
        var r = m.Clone();
        foreach (ref var v in r.AsSpan()) v *= c;
        return r;
    }
}
