// Every validation rule of NonNegativeMatrixFactorization.Fit and NmfModel.Transform throws an ArgumentException naming the problem.
using Nmf.Fast.Memory;
using Nmf.Fast.Tests.Solvers.Hals;

namespace Nmf.Fast.Tests.Api;

public class NmfValidationTests
{
    private static readonly Matrix<double> X = TestData.Uniform(6, 5, 1);

    private static void Rejects(NmfOptions options, string fragment, Matrix<double>? x = null)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => NonNegativeMatrixFactorization.Fit(x ?? X, options));
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Fact] public void Fit_RejectsRankBelowOne() => Rejects(new NmfOptions { Rank = 0 }, "Rank must be at least 1");
    [Fact] public void Fit_RejectsHalsWithBetaOtherThanTwo() => Rejects(new NmfOptions { Rank = 2, Beta = NmfLoss.KullbackLeibler }, "HALS solver handles only the Frobenius");
    [Fact] public void Fit_RejectsNonFiniteBeta() => Rejects(new NmfOptions { Rank = 2, Solver = NmfSolver.MultiplicativeUpdate, Beta = double.NaN }, "Beta must be finite");
    [Fact] public void Fit_RejectsMaxIterationsBelowOne() => Rejects(new NmfOptions { Rank = 2, MaxIterations = 0 }, "MaxIterations");
    [Fact] public void Fit_RejectsNegativeTolerance() => Rejects(new NmfOptions { Rank = 2, Tolerance = -1 }, "Tolerance");
    [Fact] public void Fit_RejectsNegativeAlphaW() => Rejects(new NmfOptions { Rank = 2, AlphaW = -0.1 }, "AlphaW");
    [Fact] public void Fit_RejectsNegativeAlphaH() => Rejects(new NmfOptions { Rank = 2, AlphaH = -0.1 }, "AlphaH");
    [Fact] public void Fit_RejectsL1RatioOutsideUnitInterval() => Rejects(new NmfOptions { Rank = 2, L1Ratio = 1.5 }, "L1Ratio");
    [Fact] public void Fit_RejectsZeroDegreeOfParallelism() => Rejects(new NmfOptions { Rank = 2, MaxDegreeOfParallelism = 0 }, "MaxDegreeOfParallelism");
    [Fact] public void Fit_RejectsNonPositiveTimeBudget() => Rejects(new NmfOptions { Rank = 2, TimeBudget = TimeSpan.Zero }, "TimeBudget");
    [Fact] public void Fit_RejectsNegativeSeed() => Rejects(new NmfOptions { Rank = 2, Seed = -1 }, "Seed must be non-negative");
    [Fact] public void Fit_RejectsCustomInitWithoutFactors() => Rejects(new NmfOptions { Rank = 2, Init = NmfInit.Custom }, "needs both InitialW and InitialH");
    [Fact] public void Fit_RejectsFactorsWithoutCustomInit() => Rejects(new NmfOptions { Rank = 2, InitialW = new Matrix<double>(6, 2) }, "only with Init = Custom");

    [Theory]
    [InlineData(NmfInit.Nndsvd)]
    [InlineData(NmfInit.Nndsvda)]
    [InlineData(NmfInit.Nndsvdar)]
    public void Fit_RejectsNndsvdWithRankAboveMinDimension(NmfInit init) =>
        Rejects(new NmfOptions { Rank = 6, Init = init }, "needs Rank ≤ min(rows, cols) = 5");

    [Fact]
    public void Fit_RejectsCustomWWithWrongShape() =>
        Rejects(new NmfOptions { Rank = 2, Init = NmfInit.Custom, InitialW = new Matrix<double>(5, 2), InitialH = new Matrix<double>(2, 5) }, "InitialW must be 6×2 but is 5×2");

    [Fact]
    public void Fit_RejectsCustomHWithWrongShape() =>
        Rejects(new NmfOptions { Rank = 2, Init = NmfInit.Custom, InitialW = new Matrix<double>(6, 2), InitialH = new Matrix<double>(3, 5) }, "InitialH must be 2×5 but is 3×5");

    [Theory]
    [InlineData(-1.0, "negative")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "infinite")]
    public void Fit_RejectsBadCustomValues(double bad, string kind)
    {
        var w0 = new Matrix<double>(6, 2);
        w0[4, 1] = bad;
        Rejects(new NmfOptions { Rank = 2, Init = NmfInit.Custom, InitialW = w0, InitialH = new Matrix<double>(2, 5) }, $"InitialW must be non-negative and finite, but entry (4, 1) is {kind}");
    }

    [Theory]
    [InlineData(-1.0, "negative")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "infinite")]
    [InlineData(double.NegativeInfinity, "infinite")]
    public void Fit_RejectsBadXNamingFirstPosition(double bad, string kind)
    {
        var x = X.Clone();
        x[3, 2] = bad;
        x[5, 4] = bad;
        Rejects(new NmfOptions { Rank = 2 }, $"X must be non-negative and finite, but entry (3, 2) is {kind}", x);
    }

    [Fact]
    public void Fit_RejectsBadFloatX()
    {
        var x = MatrixAssert.Convert<float>(X);
        x[1, 1] = float.NaN;
        var e = Assert.ThrowsAny<ArgumentException>(() => NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 2 }));
        Assert.Contains("entry (1, 1) is NaN", e.Message, StringComparison.Ordinal);
    }

    [Fact] public void Fit_RejectsEmptyX() => Rejects(new NmfOptions { Rank = 1 }, "at least one row and one column", new Matrix<double>(0, 3));

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    public void Fit_RejectsNonPositiveBetaWithZerosInX(double beta)
    {
        var x = X.Clone();
        x[2, 2] = 0;
        Rejects(new NmfOptions { Rank = 2, Solver = NmfSolver.MultiplicativeUpdate, Beta = beta }, "X contains zeros", x);
    }

    [Fact]
    public void Transform_RejectsWrongColumnCount()
    {
        var r = NonNegativeMatrixFactorization.Fit(X, new NmfOptions { Rank = 2, Init = NmfInit.Random, Seed = 0 });
        var e = Assert.ThrowsAny<ArgumentException>(() => r.Transform(new Matrix<double>(3, 4)));
        Assert.Contains("4 columns", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transform_RejectsNegativeX()
    {
        var r = NonNegativeMatrixFactorization.Fit(X, new NmfOptions { Rank = 2, Init = NmfInit.Random, Seed = 0 });
        var x = new Matrix<double>(2, 5);
        x[1, 3] = -2;
        var e = Assert.ThrowsAny<ArgumentException>(() => r.Transform(x));
        Assert.Contains("entry (1, 3) is negative", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InverseTransform_RejectsWrongRank()
    {
        var r = NonNegativeMatrixFactorization.Fit(X, new NmfOptions { Rank = 2, Init = NmfInit.Random, Seed = 0 });
        Assert.ThrowsAny<ArgumentException>(() => r.InverseTransform(new Matrix<double>(3, 3)));
    }

    [Fact]
    public void Model_RejectsComponentsOfWrongRank() =>
        Assert.ThrowsAny<ArgumentException>(() => new NmfModel<double>(new Matrix<double>(3, 5), new NmfOptions { Rank = 2 }));
}
