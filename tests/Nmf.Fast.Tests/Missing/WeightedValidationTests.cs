// Bad weighted input: wrong shape, negative or NaN weights, nothing observed, NaN without the opt-in; empty rows and columns give zero factors and a warning.
using Nmf.Fast.Memory;
using Nmf.Fast.Missing;
using Nmf.Fast.Tests.Solvers.Hals;

namespace Nmf.Fast.Tests.Missing;

public class WeightedValidationTests
{
    private static readonly NmfOptions Options = new() { Rank = 2, Init = NmfInit.Random, Seed = 1, MaxIterations = 20 };

    [Fact]
    public void WeightsOfTheWrongShape_AreRejectedNamingBothShapes()
    {
        var x = TestData.Uniform(5, 4, 1);
        var e = Assert.Throws<ArgumentException>(() => NonNegativeMatrixFactorization.Fit(x, NmfWeights<double>.FromMask(new bool[4, 5]), Options));
        Assert.Contains("5×4", e.Message);
        Assert.Contains("4×5", e.Message);
    }

    [Theory]
    [InlineData(-1.0, "negative")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "∞")]
    public void NegativeOrNonFiniteWeights_AreRejectedNamingThePosition(double bad, string _)
    {
        var omega = new Matrix<double>(3, 3);
        omega.AsSpan().Fill(1);
        omega[1, 2] = bad;
        var e = Assert.Throws<ArgumentException>(() => NmfWeights<double>.FromWeights(omega));
        Assert.Contains("(1, 2)", e.Message);
    }

    [Fact]
    public void AllEntriesMissing_IsAClearError()
    {
        var x = TestData.Uniform(3, 3, 2);
        var e = Assert.Throws<ArgumentException>(() => NonNegativeMatrixFactorization.Fit(x, NmfWeights<double>.FromMask(new bool[3, 3]), Options));
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void NaNWithoutTheOptIn_StaysAnInputError_AndWithItIsMissing()
    {
        var x = TestData.Uniform(6, 5, 3);
        x[2, 3] = double.NaN;
        Assert.Throws<ArgumentException>(() => NonNegativeMatrixFactorization.Fit(x, Options));
        var r = NonNegativeMatrixFactorization.Fit(x, NmfWeights<double>.MissingWhereNaN(x), Options);
        Assert.True(double.IsFinite(r.RelativeError));
    }

    [Fact]
    public void ObservedNegativeValue_IsRejectedButAMissingOneIsIgnored()
    {
        var x = TestData.Uniform(4, 4, 4);
        x[1, 1] = -3;
        var mask = new bool[4, 4];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) mask[i, j] = true;
        var e = Assert.Throws<ArgumentException>(() => NonNegativeMatrixFactorization.Fit(x, NmfWeights<double>.FromMask(mask), Options));
        Assert.Contains("(1, 1)", e.Message);
        mask[1, 1] = false;
        NonNegativeMatrixFactorization.Fit(x, NmfWeights<double>.FromMask(mask), Options);
    }

    [Theory]
    [InlineData(NmfSolver.Hals)]
    [InlineData(NmfSolver.MultiplicativeUpdate)]
    public void RowOrColumnWithNothingObserved_GetsZeroFactorsAndAWarning(NmfSolver solver)
    {
        var x = TestData.Uniform(6, 5, 5);
        var mask = new bool[6, 5];
        for (int i = 0; i < 6; i++) for (int j = 0; j < 5; j++) mask[i, j] = i != 4 && j != 1;
        var r = NonNegativeMatrixFactorization.Fit(x, NmfWeights<double>.FromMask(mask), Options with { Solver = solver });
        for (int t = 0; t < 2; t++)
        {
            Assert.Equal(0, r.W[4, t]);
            Assert.Equal(0, r.H[t, 1]);
        }
        Assert.Equal(2, r.Warnings.Count);
        Assert.Contains("row", r.Warnings[0]);
        Assert.Contains("column", r.Warnings[1]);
    }

    [Fact]
    public void SparseStoredEntriesOnly_WithNothingStored_IsAClearError()
    {
        var csr = CsrMatrix<double>.FromTriplets(3, 3, [], [], []);
        Assert.Throws<ArgumentException>(() => NonNegativeMatrixFactorization.Fit(csr, SparseObservation.StoredEntriesOnly, Options));
    }
}
