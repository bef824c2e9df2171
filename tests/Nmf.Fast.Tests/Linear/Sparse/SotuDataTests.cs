// The committed State of the Union matrix (data/sotu): well-formed files that agree with each other, and the kernels on it.
using System.Globalization;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Linear.Sparse;

public class SotuDataTests
{
    private static string SotuFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NmfFast.sln"))) return Path.Combine(dir.FullName, "data", "sotu");
        throw new DirectoryNotFoundException("Repository root (NmfFast.sln) not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A minimal reader for the committed file's exact form (coordinate real general, sorted by row).</summary>
    private static (int Rows, int Cols, int[] RowPointers, int[] Columns, double[] Values) ReadSotu()
    {
        using var reader = new StreamReader(Path.Combine(SotuFolder(), "sotu.mtx"));
        Assert.Equal("%%MatrixMarket matrix coordinate real general", reader.ReadLine());
        string? line;
        while ((line = reader.ReadLine()) is not null && line.StartsWith('%')) { }
        var header = line!.Split(' ');
        int rows = int.Parse(header[0], CultureInfo.InvariantCulture), cols = int.Parse(header[1], CultureInfo.InvariantCulture);
        int nnz = int.Parse(header[2], CultureInfo.InvariantCulture);
        var rp = new int[rows + 1];
        var ci = new int[nnz];
        var v = new double[nnz];
        int previousRow = 0, previousCol = 0;
        for (int p = 0; p < nnz; p++)
        {
            var parts = reader.ReadLine()!.Split(' ');
            int i = int.Parse(parts[0], CultureInfo.InvariantCulture), j = int.Parse(parts[1], CultureInfo.InvariantCulture);
            Assert.InRange(i, 1, rows);
            Assert.InRange(j, 1, cols);
            Assert.True(i > previousRow || (i == previousRow && j > previousCol), $"entry {p} out of order");
            previousRow = i;
            previousCol = j;
            ci[p] = j - 1;
            v[p] = double.Parse(parts[2], CultureInfo.InvariantCulture);
            rp[i]++;
        }
        Assert.Null(reader.ReadLine());
        for (int i = 0; i < rows; i++) rp[i + 1] += rp[i];
        return (rows, cols, rp, ci, v);
    }

    [Fact]
    public void SotuFiles_AgreeOnShape_AndHoldPositiveCounts()
    {
        var (rows, cols, rp, _, values) = ReadSotu();
        Assert.Equal(233, rows);
        var vocab = File.ReadAllLines(Path.Combine(SotuFolder(), "vocab.txt"));
        var documents = File.ReadAllLines(Path.Combine(SotuFolder(), "documents.txt"));
        Assert.Equal(cols, vocab.Length);
        Assert.Equal(rows, documents.Length);
        Assert.Equal(vocab.Length, vocab.Distinct().Count());
        Assert.All(vocab, t => Assert.Matches("^[a-z]{3,}$", t));
        Assert.All(documents, d => Assert.Matches(@"^\d{4}\t[A-Za-z .]+\t[a-z]+$", d));
        Assert.StartsWith("1790\t", documents[0]);
        Assert.All(values, x => Assert.True(x >= 1 && x == Math.Floor(x)));
        for (int i = 0; i < rows; i++) Assert.True(rp[i + 1] > rp[i], $"document {i} has no terms");
    }

    [Fact]
    public void SotuProducts_MatchDenseReference()
    {
        var (rows, cols, rp, ci, values) = ReadSotu();
        int nnz = values.Length;
        var random = new System.Random(8);
        var w = RandomSparse.Dense<double>(rows, 8, random);
        var tRp = new int[cols + 1];
        var tCi = new int[nnz];
        var tV = new double[nnz];
        SparseTranspose.Build<double>(rp, ci, values, rows, cols, tRp, tCi, tV, default);
        var xtw = new Matrix<double>(cols, 8);
        SparseKernels.Multiply<double>(tRp, tCi, tV, cols, rows, w.AsReadOnlyMatrixSpan(), xtw.AsMatrixSpan());
        var expected = new double[cols, 8];
        for (int i = 0; i < rows; i++)
            for (int p = rp[i]; p < rp[i + 1]; p++)
                for (int r = 0; r < 8; r++) expected[ci[p], r] += values[p] * w[i, r];
        for (int j = 0; j < cols; j++)
            for (int r = 0; r < 8; r++) Assert.Equal(expected[j, r], xtw[j, r], 1e-9 * (1 + expected[j, r]));
    }
}
