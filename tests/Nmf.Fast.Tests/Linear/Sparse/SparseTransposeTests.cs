// The CSC companion (CSR of Xᵀ): same entries transposed, sorted columns, a correct position map, involution.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Linear.Sparse;

namespace Nmf.Fast.Tests.Linear.Sparse;

public class SparseTransposeTests
{
    [Property(MaxTest = 100)]
    public Property Transpose_HoldsTheTransposedEntries_WithSortedColumnsAndPositionMap() => Prop.ForAll(RandomSparse.Cases, c =>
    {
        var x = new RandomCsr<double>(c.Rows, c.Cols, c.Density, new System.Random(c.Seed));
        int nnz = x.NonZeros;
        var tRp = new int[c.Cols + 1];
        var tCi = new int[nnz];
        var tV = new double[nnz];
        var source = new int[nnz];
        SparseTranspose.Build<double>(x.RowPointers, x.ColumnIndices, x.Values, c.Rows, c.Cols, tRp, tCi, tV, source);

        var dense = x.ToDense();
        var transposed = new double[c.Cols, c.Rows];
        for (int j = 0; j < c.Cols; j++)
            for (int q = tRp[j]; q < tRp[j + 1]; q++)
            {
                if (q > tRp[j] && tCi[q] <= tCi[q - 1]) return false;            // ascending, no duplicates created
                int p = source[q];
                if (x.ColumnIndices[p] != j || x.Values[p] != tV[q]) return false; // the map points at the same entry
                if (!(p >= x.RowPointers[tCi[q]] && p < x.RowPointers[tCi[q] + 1])) return false;
                transposed[j, tCi[q]] += tV[q];
            }
        for (int i = 0; i < c.Rows; i++)
            for (int j = 0; j < c.Cols; j++)
                if (dense[i, j] != transposed[j, i]) return false;

        // Transposing twice gives back X's arrays (X's columns are ascending within each row).
        var rp2 = new int[c.Rows + 1];
        var ci2 = new int[nnz];
        var v2 = new double[nnz];
        SparseTranspose.Build<double>(tRp, tCi, tV, c.Cols, c.Rows, rp2, ci2, v2, default);
        return rp2.AsSpan().SequenceEqual(x.RowPointers) && ci2.AsSpan().SequenceEqual(x.ColumnIndices) && v2.AsSpan().SequenceEqual(x.Values);
    });

    [Fact]
    public void Transpose_RejectsOutputsOfTheWrongSize()
    {
        int[] rp = [0, 2, 3];
        int[] ci = [0, 2, 1];
        float[] v = [1, 2, 3];
        var e = Assert.Throws<ArgumentException>(() => SparseTranspose.Build<float>(rp, ci, v, 2, 3, new int[3], new int[3], new float[3], default));
        Assert.Contains("4 row pointers", e.Message);
        Assert.Throws<ArgumentException>(() => SparseTranspose.Build<float>(rp, ci, v, 2, 3, new int[4], new int[2], new float[3], default));
        Assert.Throws<ArgumentException>(() => SparseTranspose.Build<float>(rp, ci, v, 2, 3, new int[4], new int[3], new float[2], default));
        Assert.Throws<ArgumentException>(() => SparseTranspose.Build<float>(rp, ci, v, 2, 3, new int[4], new int[3], new float[3], new int[1]));
        Assert.Throws<ArgumentException>(() => SparseTranspose.Build<float>(rp, ci, v, 3, 3, new int[4], new int[3], new float[3], default));
    }
}
