// CsrMatrix<T>: validation names the bad row/position; sorting, duplicate summing, transpose, densify and norm agree with a dense oracle.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Memory;

public class CsrMatrixTests
{
    // [1 0 2]
    // [0 0 0]
    // [0 3 0]
    private static CsrMatrix<double> Example() => new(3, 3, [0, 2, 2, 3], [0, 2, 1], [1.0, 2.0, 3.0]);

    [Fact]
    public void Construction_ExposesTheArraysAndShape()
    {
        var m = Example();
        Assert.Equal((3, 3, 3), (m.Rows, m.Cols, m.NonZeroCount));
        Assert.Equal(new[] { 0, 2, 2, 3 }, m.RowPointers.ToArray());
        Assert.Equal(new[] { 0, 2, 1 }, m.ColumnIndices.ToArray());
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, m.Values.ToArray());
        Assert.Equal(new[,] { { 1.0, 0, 2 }, { 0, 0, 0 }, { 0, 3, 0 } }, m.ToDense().ToArray());
        Assert.Equal(14.0, m.SquaredFrobeniusNorm());
    }

    [Fact]
    public void Construction_CopiesItsInput()
    {
        int[] rp = [0, 1], ci = [0];
        float[] v = [5f];
        var m = new CsrMatrix<float>(1, 1, rp, ci, v);
        v[0] = 7f;
        ci[0] = 3;
        Assert.Equal(5f, m.Values[0]);
        Assert.Equal(0, m.ColumnIndices[0]);
    }

    [Fact]
    public void UnsortedColumns_AreSorted_AndDuplicatesSummedInInputOrder()
    {
        var m = new CsrMatrix<double>(2, 4, [0, 4, 5], [3, 1, 3, 0, 2], [1.0, 2.0, 10.0, 4.0, 5.0]);
        Assert.Equal(new[] { 0, 3, 4 }, m.RowPointers.ToArray());
        Assert.Equal(new[] { 0, 1, 3, 2 }, m.ColumnIndices.ToArray());
        Assert.Equal(new[] { 4.0, 2.0, 11.0, 5.0 }, m.Values.ToArray());
    }

    [Fact]
    public void ExplicitZeros_AreKept()
    {
        var m = new CsrMatrix<float>(1, 3, [0, 2], [0, 2], [0f, 1f]);
        Assert.Equal(2, m.NonZeroCount);
        Assert.Equal(0f, m.Values[0]);
    }

    [Theory]
    [InlineData(new[] { 0, 2 }, new[] { 0, 1 }, "rowPointers has 2 entries but a matrix with 2 rows needs 3")]
    [InlineData(new[] { 1, 1, 2 }, new[] { 0, 1 }, "rowPointers[0] is 1")]
    [InlineData(new[] { 0, 2, 1 }, new[] { 0, 1 }, "not monotone at row 1")]
    [InlineData(new[] { 0, 1, 1 }, new[] { 0, 1 }, "rowPointers[2] = 1 but there are 2 stored entries")]
    [InlineData(new[] { 0, 1, 2 }, new[] { 0, 3 }, "columnIndices[1] = 3 (row 1) is outside [0, 3)")]
    [InlineData(new[] { 0, 1, 2 }, new[] { -1, 0 }, "columnIndices[0] = -1 (row 0)")]
    public void MalformedCsrArrays_ThrowArgumentExceptionNamingRowAndPosition(int[] rowPointers, int[] columns, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new CsrMatrix<double>(2, 3, rowPointers, columns, [1.0, 2.0]));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void MismatchedValueCount_AndNegativeShape_AreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new CsrMatrix<double>(1, 3, [0, 2], [0, 1], [1.0]));
        Assert.Contains("columnIndices has 2 entries but values has 1", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CsrMatrix<double>(-1, 3, [0], [], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => CsrMatrix<double>.FromTriplets(2, -3, [], [], []));
    }

    [Fact]
    public void FromTriplets_RejectsOutOfRangeIndicesNamingThePosition()
    {
        var e = Assert.Throws<ArgumentException>(() => CsrMatrix<float>.FromTriplets(2, 2, [0, 2], [0, 0], [1f, 1f]));
        Assert.Contains("rowIndices[1] = 2 is outside [0, 2)", e.Message);
        e = Assert.Throws<ArgumentException>(() => CsrMatrix<float>.FromTriplets(2, 2, [0, 1], [0, 5], [1f, 1f]));
        Assert.Contains("columnIndices[1] = 5 (row 1)", e.Message);
        e = Assert.Throws<ArgumentException>(() => CsrMatrix<float>.FromTriplets(2, 2, [0, 1], [0], [1f, 1f]));
        Assert.Contains("differ in length", e.Message);
    }

    [Fact]
    public void TakeOwnership_ValidatesLikeTheConstructor()
    {
        var e = Assert.Throws<ArgumentException>(() => CsrMatrix<double>.TakeOwnership(1, 2, [0, 1], [2], [1.0]));
        Assert.Contains("columnIndices[0] = 2 (row 0)", e.Message);
        var m = CsrMatrix<double>.TakeOwnership(1, 3, [0, 3], [2, 0, 2], [1.0, 2.0, 3.0]);
        Assert.Equal(new[] { 0, 2 }, m.ColumnIndices.ToArray());
        Assert.Equal(new[] { 2.0, 4.0 }, m.Values.ToArray());
    }

    [Fact]
    public void EmptyMatrices_AreValid()
    {
        var m = new CsrMatrix<float>(0, 0, [0], [], []);
        Assert.Equal(0, m.Transpose().Rows);
        var z = CsrMatrix<float>.FromTriplets(3, 2, [], [], []);
        Assert.Equal(new[] { 0, 0, 0, 0 }, z.RowPointers.ToArray());
        Assert.Equal(0f, z.SquaredFrobeniusNorm());
        Assert.Equal((2, 3), (z.Transpose().Rows, z.Transpose().Cols));
    }

    /// <summary>Random triplets (with duplicates, any order) as the generator for the dense-oracle properties.</summary>
    private static Gen<(int Rows, int Cols, int[] R, int[] C, double[] V)> Triplets() =>
        from rows in Gen.Choose(0, 9)
        from cols in Gen.Choose(0, 9)
        from count in Gen.Choose(0, rows * cols == 0 ? 0 : 40)
        from r in Gen.ArrayOf(Gen.Choose(0, Math.Max(0, rows - 1)), count)
        from c in Gen.ArrayOf(Gen.Choose(0, Math.Max(0, cols - 1)), count)
        from v in Gen.ArrayOf(Gen.Choose(-8, 8).Select(x => x * 0.25), count)
        select (rows, cols, r, c, v);

    private static double[,] DenseOracle(int rows, int cols, int[] r, int[] c, double[] v)
    {
        var d = new double[rows, cols];
        for (int k = 0; k < v.Length; k++) d[r[k], c[k]] += v[k];
        return d;
    }

    [Property(MaxTest = 200)]
    public Property FromTriplets_MatchesDenseAccumulation_WithSortedUniqueRows() =>
        Prop.ForAll(Triplets().ToArbitrary(), t =>
        {
            var m = CsrMatrix<double>.FromTriplets(t.Rows, t.Cols, t.R, t.C, t.V);
            var expected = DenseOracle(t.Rows, t.Cols, t.R, t.C, t.V);
            bool sorted = true;
            for (int i = 0; i < m.Rows; i++)
            {
                var cols = m.RowColumnIndices(i);
                for (int k = 1; k < cols.Length; k++) sorted &= cols[k] > cols[k - 1];
            }
            double norm = 0;
            foreach (double x in expected) norm += x * x;
            return sorted
                && m.RowPointers[m.Rows] == m.NonZeroCount
                && Same(expected, m.ToDense().ToArray())
                && m.SquaredFrobeniusNorm() == norm;
        });

    [Property(MaxTest = 200)]
    public Property Transpose_IsTheDenseTranspose_AndAnInvolution() =>
        Prop.ForAll(Triplets().ToArbitrary(), t =>
        {
            var m = CsrMatrix<double>.FromTriplets(t.Rows, t.Cols, t.R, t.C, t.V);
            var mt = m.Transpose();
            var d = m.ToDense().ToArray();
            var dt = mt.ToDense().ToArray();
            bool ok = mt.Rows == m.Cols && mt.Cols == m.Rows;
            for (int i = 0; ok && i < m.Rows; i++)
                for (int j = 0; j < m.Cols; j++)
                    ok &= d[i, j] == dt[j, i];
            var back = mt.Transpose();
            return ok
                && back.RowPointers.SequenceEqual(m.RowPointers)
                && back.ColumnIndices.SequenceEqual(m.ColumnIndices)
                && back.Values.SequenceEqual(m.Values);
        });

    [Property(MaxTest = 100)]
    public Property CsrConstructor_AgreesWithFromTriplets_ForRowGroupedInput() =>
        Prop.ForAll(Triplets().ToArbitrary(), t =>
        {
            // Group the triplets by row (keeping their order inside a row) to form CSR arrays with unsorted columns.
            var order = Enumerable.Range(0, t.V.Length).OrderBy(k => t.R[k]).ToArray();
            var rp = new int[t.Rows + 1];
            foreach (int r in t.R) rp[r + 1]++;
            for (int i = 0; i < t.Rows; i++) rp[i + 1] += rp[i];
            var a = new CsrMatrix<double>(t.Rows, t.Cols, rp, order.Select(k => t.C[k]).ToArray(), order.Select(k => t.V[k]).ToArray());
            var b = CsrMatrix<double>.FromTriplets(t.Rows, t.Cols, t.R, t.C, t.V);
            return a.RowPointers.SequenceEqual(b.RowPointers) && a.ColumnIndices.SequenceEqual(b.ColumnIndices) && a.Values.SequenceEqual(b.Values);
        });

    [Fact]
    public void FromDense_DropsZeros_AndRoundTrips()
    {
        var dense = Matrix<float>.FromArray(new[,] { { 0f, 1f, 0f }, { 2f, 0f, 3f } });
        var m = CsrMatrix<float>.FromDense(dense);
        Assert.Equal(3, m.NonZeroCount);
        Assert.Equal(dense.ToArray(), m.ToDense().ToArray());
        Assert.Equal(new[] { 1f, 2f, 3f }, m.Values.ToArray());
    }

    private static bool Same(double[,] a, double[,] b)
    {
        if (a.GetLength(0) != b.GetLength(0) || a.GetLength(1) != b.GetLength(1)) return false;
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++)
                if (a[i, j] != b[i, j]) return false;
        return true;
    }
}
