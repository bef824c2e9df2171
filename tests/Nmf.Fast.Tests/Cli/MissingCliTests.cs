// nmf fit --missing/--weights, nmf impute and nmf rank --method cv: exit codes, written files, one JSON object.
using System.Text.Json;
using Nmf.Fast.IO;
using Nmf.Fast.Memory;
using Xunit;

namespace Nmf.Fast.Tests.Cli;

public class MissingCliTests
{
    /// <summary>A 30×24 rank-3 matrix with every seventh entry NaN.</summary>
    private static Matrix<double> WithNaN(out Matrix<double> full)
    {
        var (x, _, _) = Nmf.Fast.Tests.Solvers.Hals.TestData.Planted(30, 24, 3, 61);
        full = x;
        var missing = x.Clone();
        for (int i = 0; i < 30; i++) for (int j = 0; j < 24; j++) if ((i * 24 + j) % 7 == 3) missing[i, j] = double.NaN;
        return missing;
    }

    [Fact]
    public void FitWithNaN_NeedsTheOptIn()
    {
        using var dir = new TempFolder();
        string input = dir.File("x.npy");
        MatrixFile.WriteNpy(input, WithNaN(out _).AsReadOnlyMatrixSpan());
        var refused = CliRunner.Run("fit", input, "--rank", "3", "--quiet");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("NaN", refused.StdErr);
        var fitted = CliRunner.Run("fit", input, "--rank", "3", "--missing", "nan", "--json", "--quiet");
        Assert.Equal(0, fitted.ExitCode);
        using var json = JsonDocument.Parse(fitted.StdOut);
        Assert.True(json.RootElement.GetProperty("relative_error").GetDouble() < 0.05);
    }

    [Fact]
    public void FitWithWeightsOfTheWrongShape_IsAUsageError()
    {
        using var dir = new TempFolder();
        string input = dir.File("x.npy"), weights = dir.File("w.npy");
        MatrixFile.WriteNpy(input, WithNaN(out var full).AsReadOnlyMatrixSpan());
        MatrixFile.WriteNpy(input + ".full.npy", full.AsReadOnlyMatrixSpan());
        MatrixFile.WriteNpy(weights, new Matrix<double>(3, 3).AsReadOnlyMatrixSpan());
        var r = CliRunner.Run("fit", input + ".full.npy", "--rank", "3", "--weights", weights, "--quiet");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("3×3", r.StdErr);
    }

    [Fact]
    public void Impute_WritesTheCompletedMatrix_KeepingObservedEntries()
    {
        using var dir = new TempFolder();
        string input = dir.File("x.npy");
        var x = WithNaN(out var full);
        MatrixFile.WriteNpy(input, x.AsReadOnlyMatrixSpan());
        var r = CliRunner.Run("impute", input, "--rank", "3", "--missing", "nan", "--out", dir.File("out"), "--max-iter", "2000", "--tol", "1e-10", "--json", "--quiet");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.StdOut);
        Assert.Equal(Enumerable.Range(0, 30 * 24).Count(e => e % 7 == 3), json.RootElement.GetProperty("missing").GetInt64());
        var completed = MatrixFile.ReadDense<double>(Path.Combine(dir.File("out"), "completed.npy"));
        double num = 0, den = 0;
        for (int i = 0; i < 30; i++)
            for (int j = 0; j < 24; j++)
            {
                if (double.IsNaN(x[i, j]))
                {
                    num += Math.Pow(completed[i, j] - full[i, j], 2);
                    den += full[i, j] * full[i, j];
                }
                else Assert.Equal(x[i, j], completed[i, j]);
            }
        Assert.True(Math.Sqrt(num / den) < 1e-3, $"hidden-entry error {Math.Sqrt(num / den)}");
        var again = CliRunner.Run("impute", input, "--rank", "3", "--missing", "nan", "--out", dir.File("out"), "--quiet");
        Assert.Equal(2, again.ExitCode);
    }

    [Fact]
    public void RankCv_PrintsOneJsonObject_AndWritesThePlot()
    {
        using var dir = new TempFolder();
        string input = dir.File("x.npy");
        WithNaN(out var full);
        MatrixFile.WriteNpy(input, full.AsReadOnlyMatrixSpan());
        var r = CliRunner.Run("rank", input, "--ranks", "2..4", "--method", "cv", "--folds", "4", "--draws", "2", "--out", dir.File("out"), "--json", "--quiet", "--seed", "1");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.StdOut);
        Assert.Equal(3, json.RootElement.GetProperty("scores").GetArrayLength());
        Assert.Equal(3, json.RootElement.GetProperty("chosen_rank").GetInt32());
        Assert.True(File.Exists(Path.Combine(dir.File("out"), "rank_cv.png")));
        var bad = CliRunner.Run("rank", input, "--ranks", "5..2", "--method", "cv");
        Assert.Equal(2, bad.ExitCode);
    }
}
