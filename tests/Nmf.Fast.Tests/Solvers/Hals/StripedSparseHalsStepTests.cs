// The striped sparse HALS H step (Xᵀ split by stripes of X's rows) matches the unstriped step to rounding, bitwise the same for any thread count.
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers.Hals;
using Nmf.Fast.Tests.Linear.Sparse;

namespace Nmf.Fast.Tests.Solvers.Hals;

public class StripedSparseHalsStepTests
{
    [Theory]
    [InlineData(1300, 200, 20, 0.05, 1)]
    [InlineData(1300, 200, 20, 0.05, 3)]
    [InlineData(700, 900, 9, 0.1, 7)] // more H rows than one block of StripedBlockRows
    [InlineData(50, 40, 3, 0.3, 64)] // more stripes than most rows have entries; some stripes empty
    public void StripedStep_MatchesTheUnstripedStep_AndIsTheSameForOneToThreeThreads(int rows, int cols, int k, double density, int stripeCount)
    {
        var random = new System.Random(rows + stripeCount);
        var source = new RandomCsr<double>(rows, cols, density, random);
        var x = new CsrMatrix<double>(rows, cols, source.RowPointers, source.ColumnIndices, source.Values);
        var packed = PackedCsr<double>.PackTransposed(x);
        var striped = StripedTranspose<double>.Build(x, stripeCount, 2);
        var operand = RandomSparse.Dense<double>(rows, k, random);
        var start = RandomSparse.Dense<double>(k, cols, random);
        var hessian = new Matrix<double>(k, k);
        Nmf.Fast.Linear.Gram.OfRows(RandomSparse.Dense<double>(k, 7, random).AsReadOnlyMatrixSpan(), hessian.AsMatrixSpan(), 1);
        int tiles = Math.Max(1, HalsSweep.TileCount<double>(cols));

        var expectedF = start.Clone();
        var expectedC = new Matrix<double>(k, cols);
        double expectedViolation = SparseHalsStep.Run(packed, operand, expectedF, hessian, 0.01, new double[tiles], 1, new Matrix<double>(cols, k), expectedC);

        Matrix<double>? firstF = null;
        foreach (int dop in new[] { 1, 2, 3 })
        {
            var f = start.Clone();
            var c = new Matrix<double>(k, cols);
            var copy = new Matrix<double>(cols, k);
            double violation = SparseHalsStep.RunStriped(striped, operand, f, hessian, 0.01, new double[tiles], dop, copy, c);
            for (int i = 0; i < c.AsSpan().Length; i++)
                Assert.True(Math.Abs(c.AsSpan()[i] - expectedC.AsSpan()[i]) <= 1e-12 * (1 + Math.Abs(expectedC.AsSpan()[i])), $"C[{i}] dop {dop}");
            for (int i = 0; i < f.AsSpan().Length; i++)
                Assert.True(Math.Abs(f.AsSpan()[i] - expectedF.AsSpan()[i]) <= 1e-9 * (1 + Math.Abs(expectedF.AsSpan()[i])), $"F[{i}] dop {dop}");
            Assert.Equal(expectedViolation, violation, 1e-9 * (1 + expectedViolation));
            for (int i = 0; i < cols; i++)
                for (int t = 0; t < k; t++) Assert.Equal(f[t, i], copy[i, t]);
            firstF ??= f;
            Assert.True(f.AsSpan().SequenceEqual(firstF.AsSpan()), $"F differs between 1 and {dop} threads");
        }
    }

    [Fact]
    public void StripeCount_IsOneForAnOperandInL2_AndThreeForTheIssue4W() // 20000×20 doubles = 3.2 MB
    {
        Assert.Equal(1, StripedTranspose<double>.StripeCountFor(5000, 20));
        Assert.Equal(3, StripedTranspose<double>.StripeCountFor(20000, 20));
    }
}
