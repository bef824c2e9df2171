// NmfModel.Transform on CSR rows gives the dense Transform's W for every solver and loss, and rejects bad rows naming them.
using Nmf.Fast.Memory;
using Xunit;

namespace Nmf.Fast.Tests.Solvers.Sparse;

public class SparseTransformTests
{
    /// <summary>rows×45 counts, about 15% stored, one empty row.</summary>
    private static Matrix<double> Counts(int rows, int seed)
    {
        var random = new System.Random(seed);
        var x = new Matrix<double>(rows, 45);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < x.Cols; j++)
                if (i != 3 && random.NextDouble() < 0.15) x[i, j] = 1 + random.Next(5);
        return x;
    }

    private static double MaxRelativeDifference(Matrix<double> a, Matrix<double> b)
    {
        double max = 0, scale = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a.AsSpan()[i] - b.AsSpan()[i]));
            scale = Math.Max(scale, Math.Abs(a.AsSpan()[i]));
        }
        return max / Math.Max(scale, double.MinValue);
    }

    [Theory]
    [InlineData(NmfSolver.Hals, NmfLoss.Frobenius)]
    [InlineData(NmfSolver.Anls, NmfLoss.Frobenius)]
    [InlineData(NmfSolver.HalsAccelerated, NmfLoss.Frobenius)]
    [InlineData(NmfSolver.MultiplicativeUpdate, NmfLoss.Frobenius)]
    [InlineData(NmfSolver.MultiplicativeUpdate, NmfLoss.KullbackLeibler)]
    [InlineData(NmfSolver.MultiplicativeUpdate, 1.5)]
    public void SparseTransform_MatchesDenseTransform(NmfSolver solver, double beta)
    {
        var options = new NmfOptions { Rank = 4, Solver = solver, Beta = beta, Seed = 2, MaxIterations = 60, Tolerance = 1e-4, AlphaW = 0.01 };
        var model = NonNegativeMatrixFactorization.Fit(Counts(60, 1), options).Model;
        var rows = Counts(25, 2);
        var dense = model.Transform(rows);
        var sparse = model.Transform(CsrMatrix<double>.FromDense(rows.AsReadOnlyMatrixSpan()));
        Assert.Equal(dense.Rows, sparse.Rows);
        Assert.True(MaxRelativeDifference(dense, sparse) < 1e-8, $"W differs by {MaxRelativeDifference(dense, sparse)}");
        Assert.Contains(sparse.AsSpan().ToArray(), v => v > 0);
    }

    [Fact]
    public void SparseTransform_LeavesTheModelUnchanged()
    {
        var model = NonNegativeMatrixFactorization.Fit(Counts(60, 1), new NmfOptions { Rank = 3, Solver = NmfSolver.MultiplicativeUpdate, Beta = 1.5, Seed = 1, MaxIterations = 20 }).Model;
        var before = model.Components.AsSpan().ToArray();
        model.Transform(CsrMatrix<double>.FromDense(Counts(10, 3).AsReadOnlyMatrixSpan()));
        Assert.True(before.AsSpan().SequenceEqual(model.Components.AsSpan()));
    }

    [Fact]
    public void SparseTransform_RejectsBadRows_NamingTheProblem()
    {
        var model = NonNegativeMatrixFactorization.Fit(Counts(60, 1), new NmfOptions { Rank = 3, Seed = 1, MaxIterations = 10 }).Model;
        var wrongWidth = CsrMatrix<double>.FromDense(new Matrix<double>(2, 44).AsReadOnlyMatrixSpan());
        Assert.Contains("44 columns", Assert.Throws<ArgumentException>(() => model.Transform(wrongWidth)).Message);
        var negative = Counts(5, 4);
        negative[2, 7] = -1;
        Assert.Contains("X[2, 7]", Assert.Throws<ArgumentException>(() => model.Transform(CsrMatrix<double>.FromDense(negative.AsReadOnlyMatrixSpan()))).Message);
        var isModel = NonNegativeMatrixFactorization.Fit(Counts(60, 1).Clone(), new NmfOptions { Rank = 2, Solver = NmfSolver.MultiplicativeUpdate, Beta = 0.5, Seed = 1, MaxIterations = 5 }).Model;
        var zeroBeta = new NmfModel<double>(isModel.Components, isModel.Options with { Beta = 0 });
        Assert.Contains("β = 0", Assert.Throws<ArgumentException>(() => zeroBeta.Transform(CsrMatrix<double>.FromDense(Counts(5, 5).AsReadOnlyMatrixSpan()))).Message);
    }
}
