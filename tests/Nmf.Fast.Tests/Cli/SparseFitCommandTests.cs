// nmf fit/transform on a sparse file: the sparse path, --dense / a dense copy give the same numbers, --vocab prints top terms and checks its length.
using System.Text.Json;
using Xunit;

namespace Nmf.Fast.Tests.Cli;

public class SparseFitCommandTests
{
    private static string Sotu(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NmfFast.sln"))) return Path.Combine(dir.FullName, "data", "sotu", file);
        throw new DirectoryNotFoundException("repository root not found");
    }

    [Fact]
    public void SparseAndDenseFitOfTheSameFileReportTheSameError()
    {
        var sparse = CliRunner.Run("fit", Sotu("sotu.mtx"), "--rank", "4", "--seed", "0", "--max-iter", "20", "--json", "--quiet");
        var dense = CliRunner.Run("fit", Sotu("sotu.mtx"), "--rank", "4", "--seed", "0", "--max-iter", "20", "--json", "--quiet", "--dense");
        Assert.Equal(0, sparse.ExitCode);
        Assert.Equal(0, dense.ExitCode);
        using var s = JsonDocument.Parse(sparse.StdOut);
        using var d = JsonDocument.Parse(dense.StdOut);
        Assert.True(s.RootElement.GetProperty("sparse").GetBoolean());
        Assert.False(d.RootElement.GetProperty("sparse").GetBoolean());
        Assert.Equal(d.RootElement.GetProperty("relative_error").GetDouble(), s.RootElement.GetProperty("relative_error").GetDouble(), 1e-9);
    }

    [Fact]
    public void VocabPrintsTopTermsPerComponent()
    {
        var r = CliRunner.Run("fit", Sotu("sotu.mtx"), "--rank", "3", "--seed", "0", "--max-iter", "20", "--quiet", "--vocab", Sotu("vocab.txt"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("top terms:", r.StdOut);
        Assert.Contains("  2: ", r.StdOut);
    }

    [Fact]
    public void VocabWithWrongLengthIsAUsageError()
    {
        using var folder = new TempFolder();
        string vocab = Path.Combine(folder.Path, "short.txt");
        File.WriteAllLines(vocab, ["a", "b"]);
        var r = CliRunner.Run("fit", Sotu("sotu.mtx"), "--rank", "3", "--quiet", "--vocab", vocab);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("2 terms but the matrix has 1500 columns", r.StdErr);
    }

    [Fact]
    public void TransformOfASparseFileMatchesTheTransformOfItsDenseCopy()
    {
        using var folder = new TempFolder();
        string model = Path.Combine(folder.Path, "model"), densePath = Path.Combine(folder.Path, "x.npy");
        Assert.Equal(0, CliRunner.Run("fit", Sotu("sotu.mtx"), "--rank", "3", "--seed", "0", "--max-iter", "10", "--quiet", "--out", model).ExitCode);
        Nmf.Fast.IO.MatrixFile.WriteNpy(densePath, Nmf.Fast.IO.MatrixFile.ReadSparse<double>(Sotu("sotu.mtx")).ToDense().AsReadOnlyMatrixSpan());
        var sparse = CliRunner.Run("transform", "--model", model, Sotu("sotu.mtx"), "--out", Path.Combine(folder.Path, "ws.npy"), "--json");
        var dense = CliRunner.Run("transform", "--model", model, densePath, "--out", Path.Combine(folder.Path, "wd.npy"), "--json");
        Assert.Equal(0, sparse.ExitCode);
        Assert.Equal(0, dense.ExitCode);
        using var s = JsonDocument.Parse(sparse.StdOut);
        Assert.True(s.RootElement.GetProperty("sparse").GetBoolean());
        var ws = Nmf.Fast.IO.MatrixFile.ReadDense<double>(Path.Combine(folder.Path, "ws.npy"));
        var wd = Nmf.Fast.IO.MatrixFile.ReadDense<double>(Path.Combine(folder.Path, "wd.npy"));
        double scale = 0;
        foreach (double v in wd.AsSpan()) scale = Math.Max(scale, v);
        for (int i = 0; i < wd.Length; i++) Assert.True(Math.Abs(wd.AsSpan()[i] - ws.AsSpan()[i]) <= 1e-9 * scale, $"W[{i}] differs");
    }
}
