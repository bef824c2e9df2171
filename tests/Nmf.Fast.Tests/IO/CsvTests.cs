// CSV/whitespace text: NumPy-written files read back; ragged rows, bad cells and empty files are refused naming the line and column.
using Nmf.Fast.IO;

namespace Nmf.Fast.Tests.IO;

public class CsvTests
{
    private static void AssertBase(Nmf.Fast.Memory.Matrix<double> m)
    {
        Assert.Equal((3, 4), (m.Rows, m.Cols));
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
                Assert.Equal(IoFixtures.Base(i, j, true), m[i, j]);
    }

    [Fact]
    public void NumPyCsvWithHeader_ReadsWhenTheHeaderIsDeclared()
    {
        string path = IoFixtures.Path("dense_header.csv");
        AssertBase(MatrixFile.ReadDense<double>(path, csvHeader: true));
        var e = Assert.Throws<InvalidDataException>(() => MatrixFile.ReadDense<double>(path));
        Assert.Contains("line 1, column 1: 'a' is not a number", e.Message);
        Assert.Contains("header", e.Message);
    }

    [Fact]
    public void NumPyCommentLines_AndWhitespaceSeparatedText_Read()
    {
        AssertBase(MatrixFile.ReadDense<double>(IoFixtures.Path("dense_comment.csv")));
        AssertBase(MatrixFile.ReadDense<double>(IoFixtures.Path("dense_space.txt")));
    }

    [Fact]
    public void WhitespaceAroundValues_BlankLines_CrLf_AndSpecialValues_AreAccepted()
    {
        using var tmp = new TempFolder();
        string path = tmp.WriteText("a.csv", "\uFEFF 1 , 2.5e1,\t-3 \r\n\r\n nan, inf ,-Infinity\r\n");
        var m = MatrixFile.ReadDense<double>(path);
        Assert.Equal((2, 3), (m.Rows, m.Cols));
        Assert.Equal(new[] { 1.0, 25.0, -3.0 }, m.Row(0).ToArray());
        Assert.True(double.IsNaN(m[1, 0]));
        Assert.Equal(double.PositiveInfinity, m[1, 1]);
        Assert.Equal(double.NegativeInfinity, m[1, 2]);
    }

    [Theory]
    [InlineData("1,2,3\n4,5\n", "line 2 has 2 values but line 1 has 3 (ragged rows)")]
    [InlineData("1,2,3\n4,5,6,7\n", "line 2 has 4 values but line 1 has 3")]
    [InlineData("1,2\n3,x4\n", "line 2, column 2: 'x4' is not a number")]
    [InlineData("# c\n1,2\n\n3,,4\n", "line 4, column 2: the cell is empty")]
    [InlineData("1,2,\n", "line 1, column 3: the cell is empty")]
    [InlineData("1 2\n3 4 5\n", "line 2 has 3 values but line 1 has 2")]
    [InlineData("1,2\n3,1.2.3\n", "line 2, column 2: '1.2.3'")]
    [InlineData("\n\n  \n", "no data rows")]
    [InlineData("", "empty")]
    public void MalformedCsv_IsRefusedNamingLineAndColumn(string text, string problem)
    {
        using var tmp = new TempFolder();
        string path = tmp.WriteText("bad.csv", text);
        var e = Assert.Throws<InvalidDataException>(() => MatrixFile.ReadDense<float>(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void HeaderOnly_IsRefused()
    {
        using var tmp = new TempFolder();
        string path = tmp.WriteText("h.csv", "a,b\n");
        var e = Assert.Throws<InvalidDataException>(() => MatrixFile.ReadDense<float>(path, csvHeader: true));
        Assert.Contains("no data rows after the header", e.Message);
    }
}
