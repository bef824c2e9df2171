// NmfProjector: agrees with Transform, allocates nothing per call, is thread-safe and deterministic, reaches a small KKT residual.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Memory;
using Nmf.Fast.Projection;
using Nmf.Fast.Tests.Solvers.Hals;
using TestData = Nmf.Fast.Tests.Solvers.Hals.TestData;

namespace Nmf.Fast.Tests.Projection;

public class NmfProjectorTests
{
    private static NmfModel<T> Model<T>(int m, int n, int k, double alphaW = 0, double l1Ratio = 0, int seed = 3)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var x = Convert<T>(TestData.Uniform(m, n, seed));
        return NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = k, Seed = 0, AlphaW = alphaW, L1Ratio = l1Ratio, MaxIterations = 100 }).Model;
    }

    private static Matrix<T> Convert<T>(Matrix<double> source) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var result = new Matrix<T>(source.Rows, source.Cols);
        for (int i = 0; i < source.Rows; i++)
            for (int j = 0; j < source.Cols; j++) result[i, j] = T.CreateTruncating(source[i, j]);
        return result;
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.01, 0.5)]
    public void Project_OneRow_AgreesWithTransformOfThatRow(double alphaW, double l1Ratio)
    {
        var model = Model<double>(40, 30, 5, alphaW, l1Ratio);
        var projector = new NmfProjector<double>(model, new ProjectorOptions { Method = ProjectionMethod.CoordinateDescent });
        var samples = TestData.Uniform(8, 30, 11);
        var w = new double[5];
        for (int i = 0; i < samples.Rows; i++)
        {
            var expected = model.Transform(samples.AsReadOnlyMatrixSpan().SliceRows(i, 1));
            projector.Project(samples.AsReadOnlyMatrixSpan().Row(i), w);
            for (int t = 0; t < 5; t++) Assert.Equal(expected[0, t], w[t], 1e-9);
        }
    }

    [Fact]
    public void Project_ConvergedTightly_AgreesWithTightTransformOfABatch()
    {
        var model = Model<double>(40, 30, 5);
        var tight = new NmfModel<double>(model.Components, model.Options with { Tolerance = 1e-14, MaxIterations = 5000 });
        var samples = TestData.Uniform(20, 30, 12);
        var expected = tight.Transform(samples);
        var w = new Matrix<double>(20, 5);
        var result = new NmfProjector<double>(tight).Project(samples.AsReadOnlyMatrixSpan(), w.AsMatrixSpan());
        Assert.True(result.Converged);
        for (int i = 0; i < 20; i++)
            for (int t = 0; t < 5; t++) Assert.Equal(expected[i, t], w[i, t], 1e-7);
    }

    [Theory]
    [InlineData(ProjectionMethod.ActiveSet)]
    [InlineData(ProjectionMethod.CoordinateDescent)]
    public void Project_AtConvergence_KktResidualIsSmall(ProjectionMethod method)
    {
        var model = Model<double>(40, 30, 6);
        var projector = new NmfProjector<double>(model, new ProjectorOptions { Method = method, Tolerance = 1e-12, MaxSweeps = 10_000 });
        var samples = TestData.Uniform(10, 30, 13);
        var w = new double[6];
        for (int i = 0; i < samples.Rows; i++)
        {
            var r = projector.Project(samples.AsReadOnlyMatrixSpan().Row(i), w);
            Assert.True(r.Converged);
            Assert.True(r.KktResidual < 1e-8, $"row {i}: KKT residual {r.KktResidual}");
            Assert.All(w, v => Assert.True(v >= 0));
        }
    }

    [Fact]
    public void Project_OneSweep_ReportsNotConvergedAndALargerResidual()
    {
        var model = Model<double>(40, 30, 6);
        var sample = TestData.Uniform(1, 30, 14).AsReadOnlyMatrixSpan().Row(0);
        var w = new double[6];
        var cd = ProjectionMethod.CoordinateDescent;
        var one = new NmfProjector<double>(model, new ProjectorOptions { Method = cd, MaxSweeps = 1, Tolerance = 1e-12 }).Project(sample, w);
        var many = new NmfProjector<double>(model, new ProjectorOptions { Method = cd, MaxSweeps = 10_000, Tolerance = 1e-12 }).Project(sample, w);
        Assert.Equal(1, one.Sweeps);
        Assert.False(one.Converged);
        Assert.True(one.KktResidual > many.KktResidual);
    }

    [Fact]
    public void Project_AfterWarmUp_AllocatesNothing()
    {
        var projector = new NmfProjector<float>(Model<float>(50, 200, 20));
        var samples = Convert<float>(TestData.Uniform(16, 200, 15));
        var w = new float[20];
        var batch = new Matrix<float>(16, 20);
        projector.Project(samples.AsReadOnlyMatrixSpan().Row(0), w);
        projector.Project(samples.AsReadOnlyMatrixSpan(), batch.AsMatrixSpan());
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < samples.Rows; i++) projector.Project(samples.AsReadOnlyMatrixSpan().Row(i), w);
        projector.Project(samples.AsReadOnlyMatrixSpan(), batch.AsMatrixSpan());
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Project_LargeRank_PerThreadScratch_AllocatesNothingAfterWarmUp()
    {
        var projector = new NmfProjector<double>(Model<double>(300, 280, NmfProjector<double>.MaxStackRank + 4));
        var sample = TestData.Uniform(1, 280, 16).AsReadOnlyMatrixSpan().Row(0);
        var w = new double[projector.Rank];
        var viaThreadScratch = projector.Project(sample, w);
        var copy = (double[])w.Clone();
        long before = GC.GetAllocatedBytesForCurrentThread();
        projector.Project(sample, w);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        var viaCaller = projector.Project(sample, w, new double[projector.ScratchLength]);
        Assert.Equal(viaThreadScratch, viaCaller);
        Assert.Equal(copy, w);
    }

    [Fact]
    public void Project_ConcurrentCallers_GetIdenticalBits()
    {
        var projector = new NmfProjector<float>(Model<float>(60, 100, 12));
        var samples = Convert<float>(TestData.Uniform(64, 100, 17));
        var reference = new Matrix<float>(64, 12);
        projector.Project(samples.AsReadOnlyMatrixSpan(), reference.AsMatrixSpan());
        var outputs = new Matrix<float>[4];
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, thread =>
        {
            var mine = new Matrix<float>(64, 12);
            for (int repeat = 0; repeat < 20; repeat++)
                for (int i = 0; i < 64; i++)
                {
                    int row = (i + thread * 7) % 64;
                    projector.Project(samples.AsReadOnlyMatrixSpan().Row(row), mine.AsMatrixSpan().Row(row));
                }
            outputs[thread] = mine;
        });
        foreach (var output in outputs) MatrixAssert.BitwiseEqual(reference, output);
    }

    [Fact]
    public void Project_BadInput_NamesTheProblem()
    {
        var projector = new NmfProjector<double>(Model<double>(20, 10, 3));
        var w = new double[3];
        Assert.Contains("9 values", Assert.Throws<ArgumentException>(() => projector.Project(new double[9], w)).Message);
        Assert.Contains("rank 3", Assert.Throws<ArgumentException>(() => projector.Project(new double[10], new double[2])).Message);
        var bad = new double[10];
        bad[7] = -1;
        Assert.Contains("position 7", Assert.Throws<ArgumentException>(() => projector.Project(bad, w)).Message);
        bad[7] = double.NaN;
        Assert.Contains("position 7", Assert.Throws<ArgumentException>(() => projector.Project(bad, w)).Message);
        var batch = new Matrix<double>(3, 10);
        batch[2, 4] = double.PositiveInfinity;
        var e = Assert.Throws<ArgumentException>(() => projector.Project(batch.AsReadOnlyMatrixSpan(), new Matrix<double>(3, 3).AsMatrixSpan()));
        Assert.Contains("Row 2", e.Message);
        Assert.Contains("position 4", e.Message);
    }

    [Fact]
    public void Projector_NonFrobeniusModel_IsRefused()
    {
        var h = TestData.Uniform(2, 5, 1);
        var model = new NmfModel<double>(h, new NmfOptions { Rank = 2, Beta = NmfLoss.KullbackLeibler, Solver = NmfSolver.MultiplicativeUpdate });
        Assert.Throws<NotSupportedException>(() => new NmfProjector<double>(model));
    }

    [Fact]
    public void Project_ZeroSample_GivesZeroWeights()
    {
        var projector = new NmfProjector<double>(Model<double>(20, 10, 3));
        var w = new double[] { 1, 2, 3 };
        var r = projector.Project(new double[10], w);
        Assert.True(r.Converged);
        Assert.Equal(new double[3], w);
        Assert.Equal(0, r.KktResidual);
    }

    [Property(MaxTest = 40)]
    public FsCheck.Property ActiveSet_AgreesWithConvergedCoordinateDescent_OnRandomModels()
    {
        var sizes = from k in Gen.Choose(1, 12) from n in Gen.Choose(k, 40) from seed in Gen.Choose(0, 10_000) select (k, n, seed);
        return Prop.ForAll(Arb.From(sizes), tuple =>
        {
            var (k, n, seed) = tuple;
            var model = new NmfModel<double>(TestData.Uniform(k, n, seed), new NmfOptions { Rank = k, AlphaW = 1e-3, L1Ratio = 0.5 });
            var sample = TestData.Uniform(1, n, seed + 1).AsReadOnlyMatrixSpan().Row(0);
            var active = new double[k];
            var descent = new double[k];
            var a = new NmfProjector<double>(model).Project(sample, active);
            var d = new NmfProjector<double>(model, new ProjectorOptions { Method = ProjectionMethod.CoordinateDescent, Tolerance = 1e-13, MaxSweeps = 200_000 }).Project(sample, descent);
            Assert.True(a.Converged);
            Assert.True(a.KktResidual <= 1e-7, $"active-set KKT residual {a.KktResidual}");
            // Same strictly convex objective (L2 > 0): same minimiser up to the CD tolerance.
            for (int t = 0; t < k; t++) Assert.Equal(descent[t], active[t], 1e-5);
        });
    }

    [Fact]
    public void ActiveSet_DuplicateComponents_NoRegularisation_StillGivesAnOptimum()
    {
        var h = new Matrix<double>(3, 4, [1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1]);
        var model = new NmfModel<double>(h, new NmfOptions { Rank = 3 });
        var w = new double[3];
        var r = new NmfProjector<double>(model).Project([2.0, 1.0, 2.0, 1.0], w);
        Assert.True(r.KktResidual < 1e-6, $"KKT residual {r.KktResidual}");
        Assert.Equal(2.0, w[0] + w[1], 1e-6);
        Assert.Equal(1.0, w[2], 1e-6);
    }

    [Property(MaxTest = 25)]
    public FsCheck.Property ActiveSet_ReachesTheKktOptimum_AtRanksAcrossTheStackLimit()
    {
        // Ranks from 1 to past MaxStackRank (per-thread scratch), with and without L2; the warm start, its removals
        // and later additions all run. The KKT residual certifies the optimum without a second solver.
        var cases = from k in Gen.Choose(1, NmfProjector<double>.MaxStackRank + 8)
                    from extra in Gen.Choose(0, 20)
                    from seed in Gen.Choose(0, 10_000)
                    from regularised in Gen.Elements(false, true)
                    select (k, n: k + extra, seed, regularised);
        return Prop.ForAll(Arb.From(cases), c =>
        {
            var options = new NmfOptions { Rank = c.k, AlphaW = c.regularised ? 1e-3 : 0, L1Ratio = 0.5 };
            var model = new NmfModel<double>(TestData.Uniform(c.k, c.n, c.seed), options);
            var projector = new NmfProjector<double>(model, new ProjectorOptions { MaxSweeps = 10 * c.k + 10 });
            var sample = TestData.Uniform(1, c.n, c.seed + 1).AsReadOnlyMatrixSpan().Row(0);
            var w = new double[c.k];
            var r = projector.Project(sample, w);
            double scale = 0;
            for (int t = 0; t < c.k; t++)
            {
                double d = 0;
                for (int j = 0; j < c.n; j++) d += model.Components[t, j] * sample[j];
                scale = Math.Max(scale, d);
            }
            Assert.True(r.Converged, $"k={c.k} n={c.n}: not converged after {r.Sweeps} steps");
            Assert.True(r.KktResidual <= 1e-7 * scale, $"k={c.k} n={c.n}: KKT residual {r.KktResidual} (scale {scale})");
            Assert.All(w, v => Assert.True(v >= 0));
        });
    }
}
