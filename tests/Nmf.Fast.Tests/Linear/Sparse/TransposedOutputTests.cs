// Cᵀ ← (X·B)ᵀ written component-major, and the factor transposes around it: bitwise the row-major product, any tier and thread count.
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Linear.Sparse;

public class TransposedOutputTests
{
    [Property(MaxTest = 40)]
    public Property MultiplyTransposed_IsTheTransposeOfMultiply_Float() => Prop.ForAll(RandomSparse.Cases, c => IsTransposeOfMultiply<float>(c));

    [Property(MaxTest = 40)]
    public Property MultiplyTransposed_IsTheTransposeOfMultiply_Double() => Prop.ForAll(RandomSparse.Cases, c => IsTransposeOfMultiply<double>(c));

    private static bool IsTransposeOfMultiply<T>(SparseCase c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(c.Seed);
        var x = new RandomCsr<T>(c.Rows, c.Cols, c.Density, random);
        var b = RandomSparse.Dense<T>(c.Cols, c.K, random);
        foreach (var tier in RandomSparse.Tiers())
        {
            var rowMajor = new Matrix<T>(c.Rows, c.K);
            x.Multiply(b.AsReadOnlyMatrixSpan(), rowMajor.AsMatrixSpan(), 1, tier);
            foreach (int dop in new[] { 1, 2, 3 })
            {
                // A strided Cᵀ whose padding must stay untouched (pre-filled with NaN).
                int stride = c.Rows + 3;
                var buffer = new T[c.K * stride];
                Array.Fill(buffer, T.NaN);
                var ct = new MatrixSpan<T>(buffer, c.K, c.Rows, stride);
                SparseKernels.MultiplyTransposed<T>(x.RowPointers, x.ColumnIndices, x.Values, c.Rows, c.Cols, b.AsReadOnlyMatrixSpan(), ct, dop, tier);
                for (int t = 0; t < c.K; t++)
                {
                    for (int i = 0; i < c.Rows; i++)
                        if (!buffer[t * stride + i].Equals(rowMajor[i, t]))
                            throw new InvalidOperationException($"{c}, tier {tier}, dop {dop}: Cᵀ[{t},{i}] = {buffer[t * stride + i]}, (X·B)[{i},{t}] = {rowMajor[i, t]}.");
                    for (int i = c.Rows; i < stride; i++)
                        if (!T.IsNaN(buffer[t * stride + i])) throw new InvalidOperationException($"{c}: padding of Cᵀ row {t} was written.");
                }
            }
        }
        return true;
    }

    [Theory]
    [InlineData(20)]
    [InlineData(33)]
    public void MultiplyTransposed_IsBitwiseIdentical_ForAnyThreadCount(int k)
    {
        var random = new System.Random(k);
        var x = new RandomCsr<double>(1501, 400, 0.05, random);
        var b = RandomSparse.Dense<double>(400, k, random);
        var serial = new Matrix<double>(k, 1501);
        SparseKernels.MultiplyTransposed<double>(x.RowPointers, x.ColumnIndices, x.Values, 1501, 400, b.AsReadOnlyMatrixSpan(), serial.AsMatrixSpan(), 1);
        foreach (int dop in new[] { 2, 3, 7, -1 })
        {
            var parallel = new Matrix<double>(k, 1501);
            SparseKernels.MultiplyTransposed<double>(x.RowPointers, x.ColumnIndices, x.Values, 1501, 400, b.AsReadOnlyMatrixSpan(), parallel.AsMatrixSpan(), dop);
            Assert.True(serial.AsSpan().SequenceEqual(parallel.AsSpan()), $"dop {dop}");
        }
    }

    [Fact]
    public void Multiply_WithAnL3SizedB_MatchesTheScalarReference_InBothLayouts()
    {
        // B (20000×20 double = 3.2 MB) is the size of W in the benchmark's Xᵀ·W: larger than L2, gathered from L3.
        const int rows = 150, cols = 20000, k = 20;
        var random = new System.Random(11);
        var x = new RandomCsr<double>(rows, cols, 0.01, random);
        var b = RandomSparse.Dense<double>(cols, k, random);
        var reference = new Matrix<double>(rows, k);
        x.Multiply(b.AsReadOnlyMatrixSpan(), reference.AsMatrixSpan(), 1, SparseTier.Scalar);
        foreach (var tier in RandomSparse.Tiers())
        {
            var c = new Matrix<double>(rows, k);
            x.Multiply(b.AsReadOnlyMatrixSpan(), c.AsMatrixSpan(), 2, tier);
            var ct = new Matrix<double>(k, rows);
            SparseKernels.MultiplyTransposed<double>(x.RowPointers, x.ColumnIndices, x.Values, rows, cols, b.AsReadOnlyMatrixSpan(), ct.AsMatrixSpan(), 2, tier);
            for (int i = 0; i < rows; i++)
                for (int t = 0; t < k; t++)
                {
                    Assert.Equal(reference[i, t], c[i, t], 1e-9);
                    Assert.Equal(c[i, t], ct[t, i]);
                }
        }
    }

    [Fact]
    public void MultiplyTransposed_WrongOutputShape_NamesTheShape()
    {
        var x = new RandomCsr<double>(4, 3, 1.0, new System.Random(2));
        var b = new Matrix<double>(3, 5);
        var wrong = new Matrix<double>(4, 5);
        var e = Assert.Throws<ArgumentException>(() => SparseKernels.MultiplyTransposed<double>(x.RowPointers, x.ColumnIndices, x.Values, 4, 3, b.AsReadOnlyMatrixSpan(), wrong.AsMatrixSpan(), 1));
        Assert.Contains("5×4", e.Message);
    }

    [Theory]
    [InlineData(20, 1000, 1)]
    [InlineData(20, 1000, 2)]
    [InlineData(1000, 20, 2)]
    [InlineData(33, 31, 1)]
    [InlineData(1, 70, 3)]
    [InlineData(70, 1, 3)]
    [InlineData(0, 5, 1)]
    public void FactorTranspose_MovesEveryElement_AndLeavesPaddingAlone(int rows, int cols, int dop)
    {
        var random = new System.Random(rows * 31 + cols);
        var source = RandomSparse.Dense<double>(rows, cols, random);
        int stride = rows + 2;
        var buffer = new double[cols * stride];
        Array.Fill(buffer, double.NaN);
        FactorTranspose.Transpose(source.AsReadOnlyMatrixSpan(), new MatrixSpan<double>(buffer, cols, rows, stride), dop);
        for (int j = 0; j < cols; j++)
        {
            for (int i = 0; i < rows; i++) Assert.Equal(source[i, j], buffer[j * stride + i]);
            for (int i = rows; i < stride; i++) Assert.True(double.IsNaN(buffer[j * stride + i]));
        }
        Assert.Throws<ArgumentException>(() => FactorTranspose.Transpose(source.AsReadOnlyMatrixSpan(), new Matrix<double>(rows, cols + 1).AsMatrixSpan()));
    }
}
