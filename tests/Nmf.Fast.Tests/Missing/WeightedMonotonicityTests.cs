// FsCheck properties: the weighted objective never increases under weighted HALS or weighted MU (every β), and factors stay non-negative.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Memory;
using Nmf.Fast.Missing;
using Nmf.Fast.Tests.Solvers.Hals;
using TestData = Nmf.Fast.Tests.Solvers.Hals.TestData;

namespace Nmf.Fast.Tests.Missing;

public class WeightedMonotonicityTests
{
    private static Arbitrary<(int M, int N, int K, int Seed, int Missing)> Problems() =>
        (from m in Gen.Choose(2, 25)
         from n in Gen.Choose(2, 25)
         from k in Gen.Choose(1, 6)
         from seed in Gen.Choose(0, 1_000_000)
         from missing in Gen.Choose(0, 80)
         select (m, n, k, seed, missing)).ToArbitrary();

    private static Matrix<double> Weights(int m, int n, int seed, int missingPercent, bool general)
    {
        var rng = new System.Random(seed);
        var omega = new Matrix<double>(m, n);
        foreach (ref var v in omega.AsSpan()) v = rng.Next(100) < missingPercent ? 0 : general ? 0.1 + 2 * rng.NextDouble() : 1;
        omega[0, 0] = 1; // at least one observed entry
        return omega;
    }

    [Property(MaxTest = 30)]
    public Property MaskedHals_NeverIncreasesTheWeightedObjective() =>
        Prop.ForAll(Problems(), p =>
        {
            var x = TestData.Uniform(p.M, p.N, p.Seed);
            var omega = Weights(p.M, p.N, p.Seed + 1, p.Missing, general: p.Seed % 2 == 0);
            double alpha = p.Seed % 3 * 0.01;
            var r = NonNegativeMatrixFactorization.Fit(x, NmfWeights<double>.FromWeights(omega), new NmfOptions
            {
                Rank = p.K, Init = NmfInit.Random, Seed = p.Seed, MaxIterations = 25, Tolerance = 0, AlphaW = alpha, L1Ratio = 0.5,
            });
            MatrixAssert.NonNegative(r.W);
            MatrixAssert.NonNegative(r.H);
            for (int i = 1; i < r.Trace.Count; i++)
                if (r.Trace[i].Loss > r.Trace[i - 1].Loss + 1e-10 * (1 + r.Trace[0].Loss)) return false;
            return true;
        });

    [Property(MaxTest = 25)]
    public Property MaskedMu_NeverIncreasesTheWeightedObjective_AnyBeta() =>
        Prop.ForAll(Problems(), Gen.Elements(2.0, 1.0, 0.5, 0.0, 3.0, 1.5).ToArbitrary(), (p, beta) =>
        {
            var x = TestData.Uniform(p.M, p.N, p.Seed);
            foreach (ref var v in x.AsSpan()) v += 0.05; // β ≤ 0 needs positive observed data
            var omega = Weights(p.M, p.N, p.Seed + 1, p.Missing, general: p.Seed % 2 == 1);
            var weights = NmfWeights<double>.FromWeights(omega);
            var (w, h) = WeightedFitTests.Start(p.M, p.N, p.K, p.Seed + 2);
            foreach (ref var v in w.AsSpan()) v += 0.1;
            foreach (ref var v in h.AsSpan()) v += 0.1;
            double previous = NaiveWeighted.Objective(x, omega, w, h, beta);
            for (int step = 0; step < 6; step++)
            {
                var r = NonNegativeMatrixFactorization.Fit(x, weights, new NmfOptions
                {
                    Rank = p.K, Solver = NmfSolver.MultiplicativeUpdate, Beta = beta, Init = NmfInit.Custom, InitialW = w, InitialH = h,
                    MaxIterations = 1, Tolerance = 0,
                });
                w = r.W;
                h = r.H;
                double current = NaiveWeighted.Objective(x, omega, w, h, beta);
                if (current > previous + 1e-9 * (1 + Math.Abs(previous))) return false;
                previous = current;
            }
            return true;
        });
}
