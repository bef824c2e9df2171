// X·B for CSR X: every tier against a dense reference, at ranks straddling every vector width; bitwise thread independence.
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Linear.Sparse;

public class CsrTimesDenseTests
{
    [Property(MaxTest = 60)]
    public Property Multiply_MatchesDenseReference_Float() => Prop.ForAll(RandomSparse.Cases, c => MatchesReference<float>(c));

    [Property(MaxTest = 60)]
    public Property Multiply_MatchesDenseReference_Double() => Prop.ForAll(RandomSparse.Cases, c => MatchesReference<double>(c));

    private static bool MatchesReference<T>(SparseCase c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(c.Seed);
        var x = new RandomCsr<T>(c.Rows, c.Cols, c.Density, random);
        // B is a block inside a wider matrix, so the kernel must honour B's stride and offset.
        var wide = RandomSparse.Dense<T>(c.Cols, c.K + 5, random);
        var b = Matrix<T>.CopyOf(wide.AsReadOnlyMatrixSpan().Slice(0, 2, c.Cols, c.K));
        var dense = x.ToDense();
        foreach (var tier in RandomSparse.Tiers())
        {
            // A strided output whose padding must stay untouched, pre-filled with NaN to prove C is not read.
            int stride = c.K + 3;
            var buffer = new T[Math.Max(0, c.Rows * stride)];
            Array.Fill(buffer, T.NaN);
            var output = new MatrixSpan<T>(buffer, c.Rows, c.K, stride);
            x.Multiply(wide.AsReadOnlyMatrixSpan().Slice(0, 2, c.Cols, c.K), output, dop: 1, tier);
            for (int i = 0; i < c.Rows; i++)
            {
                for (int j = 0; j < c.K; j++)
                {
                    double expected = 0, scale = 0;
                    for (int p = 0; p < c.Cols; p++)
                    {
                        expected += dense[i, p] * double.CreateTruncating(b[p, j]);
                        scale += Math.Abs(dense[i, p] * double.CreateTruncating(b[p, j]));
                    }
                    double actual = double.CreateTruncating(output[i, j]);
                    if (!(Math.Abs(actual - expected) <= RandomSparse.Tolerance<T>(scale, c.Cols)))
                        throw new InvalidOperationException($"{c}, tier {tier}: C[{i},{j}] = {actual}, expected {expected}.");
                }
                for (int j = c.K; j < stride; j++)
                    if (!T.IsNaN(buffer[i * stride + j])) throw new InvalidOperationException($"{c}, tier {tier}: padding of row {i} was written.");
            }
        }
        return true;
    }

    [Theory]
    [InlineData(16)]
    [InlineData(20)]
    [InlineData(33)]
    public void Multiply_IsBitwiseIdentical_ForAnyThreadCount(int k)
    {
        var random = new System.Random(k);
        var x = new RandomCsr<float>(1500, 400, 0.05, random);
        var b = RandomSparse.Dense<float>(400, k, random);
        foreach (var tier in RandomSparse.Tiers())
        {
            var serial = new Matrix<float>(1500, k);
            x.Multiply(b.AsReadOnlyMatrixSpan(), serial.AsMatrixSpan(), 1, tier);
            foreach (int dop in new[] { 2, 3, 7, -1 })
            {
                var parallel = new Matrix<float>(1500, k);
                x.Multiply(b.AsReadOnlyMatrixSpan(), parallel.AsMatrixSpan(), dop, tier);
                Assert.True(serial.AsSpan().SequenceEqual(parallel.AsSpan()), $"tier {tier}, dop {dop}");
            }
        }
    }

    [Fact]
    public void HalfWidthLastVector_GivesTheBitsOfTheFullWidthOne_ForEveryRankAndTier()
    {
        // k = 20 in double on 512 bits reads 8 + 8 + 4 lanes instead of 8 + 8 + 8 overlapping; every k whose last vector
        // needs at most half the lanes takes that path (and k > 32 crosses a group of four). Same operations per lane, so
        // the same bits as the full-width (overlapping) tail.
        Assert.True(CsrTimesDenseKernel.HalfTail);
        try
        {
            foreach (int k in new[] { 4, 5, 9, 12, 17, 20, 28, 36, 44, 68 })
            {
                SameBitsBothTails<double>(k);
                SameBitsBothTails<float>(k);
            }
        }
        finally
        {
            CsrTimesDenseKernel.HalfTail = true;
        }
    }

    private static void SameBitsBothTails<T>(int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(k);
        var x = new RandomCsr<T>(300, 120, 0.1, random);
        var b = RandomSparse.Dense<T>(120, k, random);
        foreach (var tier in RandomSparse.Tiers())
        {
            CsrTimesDenseKernel.HalfTail = true;
            var half = new Matrix<T>(300, k);
            x.Multiply(b.AsReadOnlyMatrixSpan(), half.AsMatrixSpan(), 2, tier);
            CsrTimesDenseKernel.HalfTail = false;
            var full = new Matrix<T>(300, k);
            x.Multiply(b.AsReadOnlyMatrixSpan(), full.AsMatrixSpan(), 2, tier);
            CsrTimesDenseKernel.HalfTail = true;
            Assert.True(full.AsSpan().SequenceEqual(half.AsSpan()), $"{typeof(T).Name} k {k}, tier {tier}");
        }
    }

    [Fact]
    public void TransposedProduct_ThroughTheTransposeBuilder_MatchesDenseXtW()
    {
        var random = new System.Random(5);
        var x = new RandomCsr<double>(120, 70, 0.1, random);
        var w = RandomSparse.Dense<double>(120, 20, random);
        int nnz = x.NonZeros;
        var tRp = new int[71];
        var tCi = new int[nnz];
        var tV = new double[nnz];
        SparseTranspose.Build<double>(x.RowPointers, x.ColumnIndices, x.Values, 120, 70, tRp, tCi, tV, default);
        var c = new Matrix<double>(70, 20);
        SparseKernels.Multiply<double>(tRp, tCi, tV, 70, 120, w.AsReadOnlyMatrixSpan(), c.AsMatrixSpan());
        var dense = x.ToDense();
        for (int j = 0; j < 70; j++)
            for (int r = 0; r < 20; r++)
            {
                double expected = 0;
                for (int i = 0; i < 120; i++) expected += dense[i, j] * w[i, r];
                Assert.Equal(expected, c[j, r], 1e-12);
            }
    }

    [Fact]
    public void ChunkStarts_CoverAllRows_InOrder()
    {
        var x = new RandomCsr<float>(500, 50, 0.2, new System.Random(1));
        unsafe
        {
            fixed (int* rp = x.RowPointers)
            {
                foreach (int chunks in new[] { 1, 2, 3, 16, 600 })
                {
                    Assert.Equal(0, SparseKernels.ChunkStart(rp, 500, 0, chunks));
                    Assert.Equal(500, SparseKernels.ChunkStart(rp, 500, chunks, chunks));
                    for (int w = 0; w < chunks; w++)
                        Assert.True(SparseKernels.ChunkStart(rp, 500, w, chunks) <= SparseKernels.ChunkStart(rp, 500, w + 1, chunks));
                }
            }
        }
    }

    [Fact]
    public void BadShapes_ThrowArgumentExceptionsNamingTheShape()
    {
        var x = new RandomCsr<float>(4, 3, 1.0, new System.Random(2));
        Assert.True(x.NonZeros > 0);
        var b = new Matrix<float>(3, 5);
        var wrongB = new Matrix<float>(2, 5);
        var c = new Matrix<float>(4, 5);
        var wrongC = new Matrix<float>(4, 6);
        var e = Assert.Throws<ArgumentException>(() => SparseKernels.Multiply<float>(x.RowPointers, x.ColumnIndices, x.Values, 4, 3, wrongB.AsReadOnlyMatrixSpan(), c.AsMatrixSpan()));
        Assert.Contains("4×3", e.Message);
        e = Assert.Throws<ArgumentException>(() => SparseKernels.Multiply<float>(x.RowPointers, x.ColumnIndices, x.Values, 4, 3, b.AsReadOnlyMatrixSpan(), wrongC.AsMatrixSpan()));
        Assert.Contains("4×5", e.Message);
        e = Assert.Throws<ArgumentException>(() => SparseKernels.Multiply<float>(x.RowPointers.AsSpan(0, 4), x.ColumnIndices, x.Values, 4, 3, b.AsReadOnlyMatrixSpan(), c.AsMatrixSpan()));
        Assert.Contains("5 row pointers", e.Message);
        Assert.Throws<ArgumentException>(() => SparseKernels.Multiply<float>(x.RowPointers, x.ColumnIndices, x.Values.AsSpan(0, x.NonZeros - 1), 4, 3, b.AsReadOnlyMatrixSpan(), c.AsMatrixSpan()));
        Assert.Throws<ArgumentOutOfRangeException>(() => SparseKernels.Multiply<float>(x.RowPointers, x.ColumnIndices, x.Values, 4, 3, b.AsReadOnlyMatrixSpan(), c.AsMatrixSpan(), 0));
    }
}
