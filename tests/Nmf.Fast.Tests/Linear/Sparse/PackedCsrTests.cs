// PackedCsr: narrow storage of X and Xᵀ (ushort indices, byte or float values) narrows only what stays exact and never changes a product's bits.
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Linear.Sparse;

public class PackedCsrTests
{
    [Property(MaxTest = 30)]
    public Property PackedProducts_AreBitwiseTheUnpackedProducts_Double() =>
        Prop.ForAll(RandomSparse.Cases, Gen.Elements(true, false).ToArbitrary(), (c, counts) => SameBits<double>(Csr<double>(c, counts), c.K, c.Seed));

    [Property(MaxTest = 20)]
    public Property PackedProducts_AreBitwiseTheUnpackedProducts_Float() =>
        Prop.ForAll(RandomSparse.Cases, Gen.Elements(true, false).ToArbitrary(), (c, counts) => SameBits<float>(Csr<float>(c, counts), c.K, c.Seed));

    [Fact]
    public void Pack_StoresBytes_OnlyWhenEveryValueIsAnInteger0To255()
    {
        double[] counts = [1.0, 3.0, 255.0, 0.0];
        var x = CsrMatrix<double>.FromTriplets(2, 3, [0, 0, 1, 1], [0, 1, 1, 2], counts);
        foreach (var packed in new[] { PackedCsr<double>.Pack(x), PackedCsr<double>.PackTransposed(x), PackedCsr<double>.PackTransposed(x, PackedCsr<double>.Pack(x), 2) })
        {
            Assert.True(packed.ByteValues);
            Assert.False(packed.NarrowValues);
            Assert.True(packed.WideValues.IsEmpty);
        }
        Assert.Equal(new byte[] { 1, 3, 255, 0 }, PackedCsr<double>.Pack(x).ByteValueSpan.ToArray());
        Assert.True(SameBits<double>(x, 9, 1));

        var x32 = CsrMatrix<float>.FromTriplets(2, 3, [0, 0, 1, 1], [0, 1, 1, 2], [1f, 3f, 255f, 0f]);
        Assert.True(PackedCsr<float>.Pack(x32).ByteValues); // float values narrow to bytes too
        Assert.True(PackedCsr<float>.PackTransposed(x32).ByteValues);
        Assert.True(SameBits<float>(x32, 9, 2));

        // 256, a fraction, a negative zero: no bytes (float values for double where exact; float stays float).
        foreach (double misfit in new[] { 256.0, 2.5, -0.0 })
        {
            var y = CsrMatrix<double>.FromTriplets(2, 3, [0, 0, 1, 1], [0, 1, 1, 2], [1.0, misfit, 2.0, 4.0]);
            Assert.False(PackedCsr<double>.Pack(y).ByteValues);
            Assert.True(PackedCsr<double>.Pack(y).NarrowValues);
            Assert.False(PackedCsr<double>.PackTransposed(y).ByteValues);
            var y32 = CsrMatrix<float>.FromTriplets(2, 3, [0, 0, 1, 1], [0, 1, 1, 2], [1f, (float)misfit, 2f, 4f]);
            Assert.False(PackedCsr<float>.Pack(y32).ByteValues);
            Assert.True(SameBits<double>(y, 5, 3));
        }
    }

    [Fact]
    public void AllBytes_ChecksEveryValue_OnEveryThreadCount()
    {
        // Long enough for the vector loop and several workers; one misfit at the very end, then at the start.
        var values = new double[200_003];
        for (int p = 0; p < values.Length; p++) values[p] = p % 256;
        foreach (int dop in new[] { 1, 2, 3 }) Assert.True(CsrNarrowing.AllBytes<double>(values, dop));
        values[^1] = 0.5;
        foreach (int dop in new[] { 1, 2, 3 }) Assert.False(CsrNarrowing.AllBytes<double>(values, dop));
        values[^1] = 7;
        values[0] = -0.0;
        foreach (int dop in new[] { 1, 2, 3 }) Assert.False(CsrNarrowing.AllBytes<double>(values, dop));
        values[0] = 255.0000001;
        Assert.False(CsrNarrowing.AllBytes<double>(values, 2));
        values[0] = double.PositiveInfinity;
        Assert.False(CsrNarrowing.AllBytes<double>(values, 2));
        Assert.True(CsrNarrowing.AllBytes<float>(new float[] { 0f, 1f, 255f }, 1));
        Assert.False(CsrNarrowing.AllBytes<float>(new float[] { 0f, 1f, -1f }, 1));
    }

    [Fact]
    public void Pack_NarrowsValues_OnlyWhenEveryValueIsExactInFloat()
    {
        var counts = CsrMatrix<double>.FromTriplets(2, 3, [0, 1, 1], [0, 1, 2], [1.0, 3.0, 0.5]);
        Assert.True(PackedCsr<double>.Pack(counts).NarrowValues);
        Assert.True(PackedCsr<double>.PackTransposed(counts).NarrowValues);

        var tenth = CsrMatrix<double>.FromTriplets(2, 3, [0, 1, 1], [0, 1, 2], [1.0, 0.1, 2.0]);
        Assert.False(PackedCsr<double>.Pack(tenth).NarrowValues);
        Assert.False(PackedCsr<double>.PackTransposed(tenth).NarrowValues);

        var tiny = CsrMatrix<double>.FromTriplets(1, 1, [0], [0], [1e-300]); // underflows float
        Assert.False(PackedCsr<double>.Pack(tiny).NarrowValues);

        var single = CsrMatrix<float>.FromTriplets(2, 3, [0, 1, 1], [0, 1, 2], [1f, 3f, 0.5f]);
        Assert.False(PackedCsr<float>.Pack(single).NarrowValues); // float is already as narrow as it goes
    }

    [Fact]
    public void Pack_KeepsIntIndices_AboveSixteenBitsOfColumns()
    {
        const int wide = PackedCsr<double>.MaxNarrowColumns + 5;
        // X is 3 × wide: its own columns do not fit ushort, while Xᵀ's (X's 3 rows) do — and the reverse for a tall X.
        var x = CsrMatrix<double>.FromTriplets(3, wide, [0, 0, 1, 2, 2], [0, wide - 1, 65536, 7, 65535], [1.0, 2.0, 0.1, 4.0, 5.0]);
        var packed = PackedCsr<double>.Pack(x);
        Assert.False(packed.NarrowColumns);
        Assert.False(packed.NarrowValues);
        Assert.Equal(0, packed.ExtraBytes); // nothing narrows: X's own arrays are used
        Assert.True(PackedCsr<double>.PackTransposed(x).NarrowColumns);
        Assert.True(SameBits<double>(x, 3, 1));
        var tall = x.Transpose();
        Assert.True(PackedCsr<double>.Pack(tall).NarrowColumns);
        Assert.False(PackedCsr<double>.PackTransposed(tall).NarrowColumns);
        Assert.True(SameBits<double>(tall, 9, 2));
    }

    [Fact]
    public void PackedProducts_AreBitwiseIdentical_ForAnyThreadCount()
    {
        var random = new System.Random(5);
        var x = Csr<double>(new SparseCase(1501, 400, 20, 0.05, 5), counts: true);
        var packed = PackedCsr<double>.Pack(x);
        Assert.True(packed.NarrowColumns && packed.ByteValues);
        var b = RandomSparse.Dense<double>(400, 20, random);
        var serial = new Matrix<double>(20, 1501);
        SparseKernels.MultiplyTransposed(packed, b.AsReadOnlyMatrixSpan(), serial.AsMatrixSpan(), 1);
        foreach (int dop in new[] { 2, 3, -1 })
        {
            var parallel = new Matrix<double>(20, 1501);
            SparseKernels.MultiplyTransposed(packed, b.AsReadOnlyMatrixSpan(), parallel.AsMatrixSpan(), dop);
            Assert.True(serial.AsSpan().SequenceEqual(parallel.AsSpan()), $"dop {dop}");
        }
    }

    /// <summary>A random CSR matrix; with <paramref name="counts"/> every value is a small integer (exact in float).</summary>
    private static CsrMatrix<T> Csr<T>(SparseCase c, bool counts) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = new RandomCsr<T>(c.Rows, c.Cols, c.Density, new System.Random(c.Seed));
        var values = x.Values.ToArray();
        if (counts)
            for (int p = 0; p < values.Length; p++) values[p] = T.Ceiling(values[p]);
        return new CsrMatrix<T>(c.Rows, c.Cols, x.RowPointers, x.ColumnIndices, values);
    }

    /// <summary>X·B and Xᵀ·B' through packed arrays equal, bit for bit, the same products through X's and Xᵀ's own arrays, on every tier and for 1–3 threads.</summary>
    private static bool SameBits<T>(CsrMatrix<T> x, int k, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(seed);
        var xt = x.Transpose();
        foreach (var (a, packed) in new[] { (x, PackedCsr<T>.Pack(x)), (xt, PackedCsr<T>.PackTransposed(x)) })
        {
            Assert.Equal(a.NonZeroCount, packed.NonZeroCount);
            var b = RandomSparse.Dense<T>(a.Cols, k, random);
            foreach (var tier in RandomSparse.Tiers())
            {
                var expected = new Matrix<T>(k, a.Rows);
                SparseKernels.MultiplyTransposed<T>(a.RowPointers, a.ColumnIndices, a.Values, a.Rows, a.Cols, b.AsReadOnlyMatrixSpan(), expected.AsMatrixSpan(), 1, tier);
                foreach (int dop in new[] { 1, 2, 3 })
                {
                    var actual = new Matrix<T>(k, a.Rows);
                    actual.AsSpan().Fill(T.NaN);
                    SparseKernels.MultiplyTransposed(packed, b.AsReadOnlyMatrixSpan(), actual.AsMatrixSpan(), dop, tier);
                    if (!expected.AsSpan().SequenceEqual(actual.AsSpan()))
                        throw new InvalidOperationException($"{a.Rows}×{a.Cols}, k {k}, tier {tier}, dop {dop}, narrow columns {packed.NarrowColumns}, float values {packed.NarrowValues}, byte values {packed.ByteValues}: packed product differs.");
                }
            }
        }
        return true;
    }
}
