// Xᵀ·B by scattering X's rows: the naive product to rounding, and the same bits for every tier and thread count.
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;
using Xunit;

namespace Nmf.Fast.Tests.Linear.Sparse;

public class TransposedScatterTests
{
    [Property(MaxTest = 40)]
    public Property Scatter_IsXTransposeTimesB_Float() => Prop.ForAll(RandomSparse.Cases, c => MatchesNaive<float>(c));

    [Property(MaxTest = 40)]
    public Property Scatter_IsXTransposeTimesB_Double() => Prop.ForAll(RandomSparse.Cases, c => MatchesNaive<double>(c));

    private static bool MatchesNaive<T>(SparseCase c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(c.Seed);
        var x = new RandomCsr<T>(c.Rows, c.Cols, c.Density, random);
        var b = RandomSparse.Dense<T>(c.Rows, c.K, random);
        var packed = PackedCsr<T>.Pack(CsrMatrix<T>.TakeOwnership(c.Rows, c.Cols, x.RowPointers, x.ColumnIndices, x.Values));
        var dense = x.ToDense();
        Matrix<T>? first = null;
        foreach (var tier in RandomSparse.Tiers())
        {
            foreach (int dop in new[] { 1, 2, 3 })
            {
                var result = new Matrix<T>(c.Cols, c.K);
                result.AsSpan().Fill(T.NaN); // C is cleared by the kernel, never read first
                TransposedScatterKernel.Multiply(packed, b.AsReadOnlyMatrixSpan(), result.AsMatrixSpan(), dop, tier);
                if (first is null)
                {
                    first = result;
                    for (int j = 0; j < c.Cols; j++)
                        for (int t = 0; t < c.K; t++)
                        {
                            double expected = 0, scale = 0;
                            for (int i = 0; i < c.Rows; i++)
                            {
                                expected += dense[i, j] * double.CreateTruncating(b[i, t]);
                                scale += Math.Abs(dense[i, j] * double.CreateTruncating(b[i, t]));
                            }
                            double actual = double.CreateTruncating(result[j, t]);
                            if (!(Math.Abs(actual - expected) <= RandomSparse.Tolerance<T>(scale, c.Rows)))
                                throw new InvalidOperationException($"{c}, tier {tier}: C[{j},{t}] = {actual}, expected {expected}.");
                        }
                }
                else if (!first.AsSpan().SequenceEqual(result.AsSpan()))
                {
                    throw new InvalidOperationException($"{c}: tier {tier} with {dop} threads differs from the first result.");
                }
            }
        }
        return true;
    }

    [Theory]
    [InlineData(20)]
    [InlineData(33)]
    public void Scatter_IsBitwiseIdentical_ForAnyThreadCount(int k)
    {
        var random = new System.Random(k);
        var x = new RandomCsr<double>(1501, 1400, 0.05, random);
        var b = RandomSparse.Dense<double>(1501, k, random);
        var packed = PackedCsr<double>.Pack(CsrMatrix<double>.TakeOwnership(1501, 1400, x.RowPointers, x.ColumnIndices, x.Values));
        var serial = new Matrix<double>(1400, k);
        TransposedScatterKernel.Multiply(packed, b.AsReadOnlyMatrixSpan(), serial.AsMatrixSpan(), 1);
        foreach (int dop in new[] { 2, 3, 7, -1 })
        {
            var parallel = new Matrix<double>(1400, k);
            TransposedScatterKernel.Multiply(packed, b.AsReadOnlyMatrixSpan(), parallel.AsMatrixSpan(), dop);
            Assert.True(serial.AsSpan().SequenceEqual(parallel.AsSpan()), $"dop {dop}");
        }
    }

    [Fact]
    public void Scatter_WithWideColumnIndices_MatchesTheGatherThroughXTranspose()
    {
        // More than 65 536 columns: packed X keeps int column indices; the chunks' binary searches run on them.
        const int rows = 40, cols = 70_000, k = 9;
        var random = new System.Random(5);
        var x = new RandomCsr<double>(rows, cols, 0.002, random);
        var csr = CsrMatrix<double>.TakeOwnership(rows, cols, x.RowPointers, x.ColumnIndices, x.Values);
        var packed = PackedCsr<double>.Pack(csr);
        Assert.False(packed.NarrowColumns);
        var b = RandomSparse.Dense<double>(rows, k, random);
        var scattered = new Matrix<double>(cols, k);
        TransposedScatterKernel.Multiply(packed, b.AsReadOnlyMatrixSpan(), scattered.AsMatrixSpan(), 2);
        var gathered = new Matrix<double>(cols, k);
        var transposed = csr.Transpose();
        SparseKernels.Multiply<double>(transposed.RowPointers, transposed.ColumnIndices, transposed.Values, cols, rows, b.AsReadOnlyMatrixSpan(), gathered.AsMatrixSpan(), 1);
        for (int j = 0; j < cols; j++)
            for (int t = 0; t < k; t++)
                Assert.Equal(gathered[j, t], scattered[j, t], 1e-12 * Math.Max(1, Math.Abs(gathered[j, t])));
    }

    [Fact]
    public void Scatter_RejectsShapesThatDisagree()
    {
        var packed = PackedCsr<double>.Pack(CsrMatrix<double>.FromDense(new Matrix<double>(4, 3).AsReadOnlyMatrixSpan()));
        var error = Assert.Throws<ArgumentException>(() =>
            TransposedScatterKernel.Multiply(packed, new Matrix<double>(4, 2).AsReadOnlyMatrixSpan(), new Matrix<double>(4, 2).AsMatrixSpan(), 1));
        Assert.Contains("C 4×2", error.Message);
    }
}
