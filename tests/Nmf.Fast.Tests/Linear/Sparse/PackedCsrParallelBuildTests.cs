// PackedCsr built on several threads (CsrNarrowing, SparseTranspose.BuildParallel): the same arrays as the serial build, for any thread count.
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Linear.Sparse;

public class PackedCsrParallelBuildTests
{
    /// <summary>A 3001×701 matrix with ~10 % stored (≈ 180 000 entries: above the parallel thresholds), counts or fractions.</summary>
    private static CsrMatrix<double> Matrix(bool counts, int seed)
    {
        var x = new RandomCsr<double>(3001, 701, 0.1, new System.Random(seed));
        var values = x.Values.ToArray();
        if (counts)
            for (int p = 0; p < values.Length; p++) values[p] = Math.Ceiling(values[p]);
        return new CsrMatrix<double>(x.Rows, x.Cols, x.RowPointers, x.ColumnIndices, values);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 2)]
    public void ParallelPack_GivesTheSerialArrays_ForAnyThreadCount(bool counts, int seed)
    {
        var x = Matrix(counts, seed);
        Assert.True(x.NonZeroCount > 2 * 65536);
        var serial = PackedCsr<double>.Pack(x, 1);
        Assert.True(serial.NarrowColumns);
        Assert.Equal(counts, serial.ByteValues); // the counts are small integers: bytes; the fractions stay double
        Assert.False(serial.NarrowValues);
        foreach (int dop in new[] { 2, 3, -1 })
        {
            var parallel = PackedCsr<double>.Pack(x, dop);
            Assert.Equal(serial.ByteValues, parallel.ByteValues);
            Assert.True(serial.NarrowColumnIndices.SequenceEqual(parallel.NarrowColumnIndices), $"dop {dop}: indices");
            Assert.True(serial.ByteValueSpan.SequenceEqual(parallel.ByteValueSpan), $"dop {dop}: byte values");
            Assert.True(serial.WideValues.SequenceEqual(parallel.WideValues), $"dop {dop}: values");
        }
        // Every packed entry is X's entry, exactly.
        for (int p = 0; p < x.NonZeroCount; p++)
        {
            Assert.Equal(x.ColumnIndices[p], serial.NarrowColumnIndices[p]);
            Assert.Equal(x.Values[p], counts ? serial.ByteValueSpan[p] : serial.WideValues[p]);
        }
    }

    [Fact]
    public void ParallelPack_NarrowsHalvesToFloat_ForAnyThreadCount()
    {
        // Counts halved: exact in float, but not all integers, so float values rather than bytes.
        var x = Matrix(counts: true, seed: 6);
        var values = x.Values.ToArray();
        for (int p = 0; p < values.Length; p++) values[p] /= 2;
        var y = new CsrMatrix<double>(x.Rows, x.Cols, x.RowPointers, x.ColumnIndices, values);
        var serial = PackedCsr<double>.Pack(y, 1);
        Assert.True(serial.NarrowValues);
        Assert.False(serial.ByteValues);
        foreach (int dop in new[] { 2, 3, -1 })
        {
            var parallel = PackedCsr<double>.Pack(y, dop);
            Assert.True(serial.NarrowValueSpan.SequenceEqual(parallel.NarrowValueSpan), $"dop {dop}: float values");
            var t = PackedCsr<double>.PackTransposed(y, parallel, dop);
            Assert.True(t.NarrowValues);
            Assert.True(t.NarrowValueSpan.SequenceEqual(PackedCsr<double>.PackTransposed(y, null, 1).NarrowValueSpan), $"dop {dop}: transposed float values");
        }
        for (int p = 0; p < y.NonZeroCount; p++) Assert.Equal(y.Values[p], serial.NarrowValueSpan[p]);
    }

    [Fact]
    public void ParallelPack_KeepsDoubleValues_WhenOnlyTheLastValueIsInexact()
    {
        var x = Matrix(counts: true, seed: 3);
        var values = x.Values.ToArray();
        values[^1] = 0.1;
        var y = new CsrMatrix<double>(x.Rows, x.Cols, x.RowPointers, x.ColumnIndices, values);
        foreach (int dop in new[] { 1, 2, -1 })
        {
            var packed = PackedCsr<double>.Pack(y, dop);
            Assert.False(packed.NarrowValues);
            Assert.False(packed.ByteValues);
            Assert.True(packed.WideValues.SequenceEqual(y.Values));
        }
    }

    [Theory]
    [InlineData(true, 4)]
    [InlineData(false, 5)]
    public void ParallelTranspose_IsTheSerialTranspose_ForAnyThreadCount(bool counts, int seed)
    {
        var x = Matrix(counts, seed);
        var expected = x.Transpose();
        var packed = PackedCsr<double>.Pack(x, 2);
        foreach (var source in new[] { null, packed })
        {
            foreach (int dop in new[] { 1, 2, 3, -1 })
            {
                var t = PackedCsr<double>.PackTransposed(x, source, dop);
                Assert.Equal(counts, t.ByteValues);
                Assert.True(expected.RowPointers.SequenceEqual(t.RowPointers), $"dop {dop}: row pointers");
                for (int q = 0; q < expected.NonZeroCount; q++)
                {
                    if (expected.ColumnIndices[q] != t.NarrowColumnIndices[q]) Assert.Fail($"dop {dop}: column index {q}");
                    double value = counts ? t.ByteValueSpan[q] : t.WideValues[q];
                    if (expected.Values[q] != value) Assert.Fail($"dop {dop}: value {q}");
                }
            }
        }
    }

    [Fact]
    public void ParallelTranspose_OfAWideMatrix_FallsBackToTheSerialSort()
    {
        // More columns than entries per block: the per-block counters would outweigh the matrix, so it runs serially.
        var x = new RandomCsr<double>(40, 100000, 0.04, new System.Random(6));
        var csr = new CsrMatrix<double>(x.Rows, x.Cols, x.RowPointers, x.ColumnIndices, x.Values);
        var expected = csr.Transpose();
        var t = PackedCsr<double>.PackTransposed(csr, null, 2);
        Assert.True(expected.RowPointers.SequenceEqual(t.RowPointers));
        Assert.True(expected.ColumnIndices.ToArray().Select(i => (ushort)i).SequenceEqual(t.NarrowColumnIndices.ToArray()));
    }
}
