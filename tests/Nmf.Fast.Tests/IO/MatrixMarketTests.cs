// MatrixMarket: malformed files are refused naming the file and the line; skew-symmetric expansion, comments and duplicates work.
using Nmf.Fast.IO;

namespace Nmf.Fast.Tests.IO;

public class MatrixMarketTests
{
    private const string Coordinate = "%%MatrixMarket matrix coordinate real general\n";

    private static InvalidDataException Refused(string text, bool dense = false)
    {
        using var tmp = new TempFolder();
        string path = tmp.WriteText("bad.mtx", text);
        var e = dense
            ? Assert.Throws<InvalidDataException>(() => MatrixFile.ReadDense<double>(path))
            : Assert.Throws<InvalidDataException>(() => MatrixFile.ReadSparse<double>(path));
        Assert.Contains(path, e.Message);
        return e;
    }

    [Theory]
    [InlineData(Coordinate + "% c\n2 2 3\n1 1 1\n2 2 2\n", "line 6: the file ends after 2 of the 3 declared entries")]
    [InlineData(Coordinate + "2 2 1\n1 1 1\n2 2 2\n", "line 4: more entries than the 1 declared")]
    [InlineData(Coordinate + "2 2 2\n1 1 1\n3 1 2\n", "line 4: the row index 3 is outside 1..2")]
    [InlineData(Coordinate + "2 2 2\n1 1 1\n1 0 2\n", "line 4: the column index 0 is outside 1..2 (indices are 1-based)")]
    [InlineData(Coordinate + "2 2 2\n1 1 1\n% comment\n2 2 abc\n", "line 5: the value 'abc' is not a number")]
    [InlineData(Coordinate + "2 2 2\n1 1 1\n2 x 2\n", "line 4: the column index 'x' is not an integer")]
    [InlineData(Coordinate + "2 2 2\n1 1 1\n2 2\n", "line 4: an entry must be 'row column value', found 2 values")]
    [InlineData(Coordinate + "2 2 2\n1 1 1\n2 2 1 7\n", "line 4: an entry must be 'row column value', found 4 values")]
    [InlineData(Coordinate + "2 2\n", "line 2: the size line must hold 'rows cols entries', found 2 values")]
    [InlineData(Coordinate + "2 -2 1\n1 1 1\n", "line 2: the number of columns '-2' is not a non-negative integer")]
    [InlineData(Coordinate + "2 2 5\n1 1 1\n", "5 entries cannot fit in a 2×2 matrix")]
    [InlineData(Coordinate + "100000 100000 999999999\n1 1 1\n", "cannot hold that many")]
    [InlineData(Coordinate + "%only comments\n", "line 3: the file ends before the size line")]
    [InlineData("%%MatrixMarket matrix coordinate integer general\n1 1 1\n1 1 2.5\n", "line 3: the value '2.5' is not an integer")]
    [InlineData("%%MatrixMarket matrix coordinate pattern general\n2 2 1\n1 1 1\n", "line 3: a pattern entry must be 'row column', found 3 values")]
    [InlineData("%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n1 2 1\n", "line 3: entry (1, 2) lies above the diagonal")]
    [InlineData("%%MatrixMarket matrix coordinate real symmetric\n2 3 0\n", "line 2: a symmetric matrix must be square, not 2×3")]
    [InlineData("%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 1\n1 1 1\n", "line 3: entry (1, 1) is on the diagonal")]
    [InlineData("%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n", "line 6: the file ends after 3 of the 4 values")]
    [InlineData("%%MatrixMarket matrix array real general\n1 2\n1\n2\n3\n", "line 5: more entries than the 2 declared")]
    [InlineData("%%MatrixMarket matrix array real general\n1 2\n1 2\n2\n", "line 3: an array line must hold one value, found 2")]
    [InlineData("%%MatrixMarket matrix array real general\n60000 60000\n1\n", "cannot hold that many")]
    [InlineData("%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n", "line 1: complex matrices are not supported")]
    [InlineData("%%MatrixMarket matrix coordinate real hermitian\n1 1 1\n1 1 1\n", "line 1: hermitian matrices are not supported")]
    [InlineData("%%MatrixMarket matrix array pattern general\n1 1\n1\n", "line 1: the 'pattern' field is only valid with the 'coordinate' format")]
    [InlineData("%%MatrixMarket vector coordinate real general\n1 1 1\n1 1 1\n", "line 1: unsupported object 'vector'")]
    [InlineData("%%MatrixMarket matrix coordinate real\n", "line 1: the banner must have 5 words")]
    [InlineData("1 1 1\n1 1 1\n", "line 1: expected the banner")]
    [InlineData("", "the file is empty")]
    public void MalformedMatrixMarket_IsRefusedNamingTheLine(string text, string problem)
    {
        Assert.Contains(problem, Refused(text).Message);
    }

    [Fact]
    public void HugeDeclaredCoordinateMatrix_IsRefusedWhenDensified_ButReadSparse()
    {
        string text = Coordinate + "2 2000000000 1\n1 1 1\n";
        Assert.Contains("more elements than an array can hold", Refused(text, dense: true).Message);
        Assert.Contains("more than supported", Refused(Coordinate + "2000000000000 2 1\n1 1 1\n").Message);
        var e = Assert.Throws<InvalidDataException>(() => DenseSizeGuard.CheckSparse("f.mtx", int.MaxValue - 1L, int.MaxValue - 1L, 1L << 40, 8));
        Assert.Contains("f.mtx: a sparse", e.Message);
        Assert.Contains("memory is available", e.Message);
        using var tmp = new TempFolder();
        var m = MatrixFile.ReadSparse<double>(tmp.WriteText("huge.mtx", text));
        Assert.Equal((2, 2_000_000_000, 1), (m.Rows, m.Cols, m.NonZeroCount));
    }

    [Fact]
    public void SkewSymmetricFiles_AreExpandedWithNegatedMirror()
    {
        using var tmp = new TempFolder();
        var m = MatrixFile.ReadDense<double>(tmp.WriteText("skew.mtx",
            "%%MatrixMarket matrix coordinate real skew-symmetric\n3 3 2\n2 1 1.5\n3 2 -2\n"));
        Assert.Equal(new[,] { { 0, -1.5, 0 }, { 1.5, 0, 2 }, { 0, -2, 0 } }, m.ToArray());
        var a = MatrixFile.ReadDense<double>(tmp.WriteText("skewarray.mtx",
            "%%MatrixMarket matrix array real skew-symmetric\n2 2\n4\n"));
        Assert.Equal(new[,] { { 0.0, -4 }, { 4, 0 } }, a.ToArray());
    }

    [Fact]
    public void DuplicateEntries_AreSummed_BannerIsCaseInsensitive_BlankLinesSkipped()
    {
        using var tmp = new TempFolder();
        var m = MatrixFile.ReadSparse<float>(tmp.WriteText("dup.mtx",
            "%%matrixmarket MATRIX Coordinate Real General\n%\n\n2 3 3\n1 3 1\n\n1 3 2.5\n2 1 4\n"));
        Assert.Equal(new[] { 0, 1, 2 }, m.RowPointers.ToArray());
        Assert.Equal(new[] { 3.5f, 4f }, m.Values.ToArray());
    }

    [Theory]
    [InlineData(0)]   // row by row (the reader's direct-to-CSR path)
    [InlineData(1)]   // row by row, then one row out of order half way (rows recovered from the counts so far)
    [InlineData(2)]   // shuffled from the first entry (triplets)
    [InlineData(3)]   // column by column, as Matlab and R write
    public void EntryOrder_DoesNotChangeTheMatrix(int order)
    {
        var random = new System.Random(order + 17);
        const int rows = 9, cols = 7;
        var entries = new List<(int Row, int Col, double Value)>();
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                if (i != 4 && random.NextDouble() < 0.4) entries.Add((i, j, 1 + random.Next(9) + 0.25 * random.Next(4))); // row 4 empty
        entries.Add((2, 3, 0.5)); // a duplicate (summed) — for order 0 kept inside row 2
        var expected = new double[rows, cols];
        foreach (var (i, j, v) in entries) expected[i, j] += v;

        var ordered = order switch
        {
            0 => entries.OrderBy(e => e.Row).ToList(),
            1 => [.. entries.OrderBy(e => e.Row).Where(e => e.Row != 1), .. entries.Where(e => e.Row == 1)],
            2 => entries.OrderBy(_ => random.Next()).ToList(),
            _ => entries.OrderBy(e => e.Col).ThenBy(e => e.Row).ToList(),
        };
        var text = new System.Text.StringBuilder(Coordinate).Append($"{rows} {cols} {ordered.Count}\n");
        foreach (var (i, j, v) in ordered) text.Append(System.FormattableString.Invariant($"{i + 1} {j + 1} {v}\n"));
        using var tmp = new TempFolder();
        var m = MatrixFile.ReadSparse<double>(tmp.WriteText("order.mtx", text.ToString()));
        Assert.Equal(expected, m.ToDense().ToArray());
        for (int i = 0; i < rows; i++)
            Assert.True(m.RowColumnIndices(i).ToArray().SequenceEqual(m.RowColumnIndices(i).ToArray().Order().Distinct()), $"row {i} is not sorted and duplicate-free");
    }
}
