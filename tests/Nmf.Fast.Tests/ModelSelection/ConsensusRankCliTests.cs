// `nmf rank --method consensus` and `nmf fit --runs` end to end: JSON, PNGs and CSV, suggested rank, exit codes, no overwrite.
using System.Text.Json;
using Nmf.Fast.IO;
using Nmf.Fast.Tests.Cli;

namespace Nmf.Fast.Tests.ModelSelection;

public class ConsensusRankCliTests
{
    private static string WritePlanted(TempFolder dir, bool columns = false)
    {
        var (x, _) = PlantedClusters.Generate(3, itemsPerCluster: 8, featuresPerBlock: 5, noise: 0.3, seed: 21, itemsAsColumns: columns);
        string path = dir.File("x.npy");
        MatrixFile.WriteNpy(path, x.AsReadOnlyMatrixSpan());
        return path;
    }

    [Fact]
    public void RankConsensus_Json_HasEveryRank_SuggestsThePlantedRank_AndWritesPngsAndCsv()
    {
        using var dir = new TempFolder();
        string input = WritePlanted(dir);
        string outDir = dir.File("out");
        var r = CliRunner.Run("rank", input, "--method", "consensus", "--ranks", "2..4", "--runs", "8", "--seed", "1", "--out", outDir, "--json", "--quiet");
        Assert.True(r.ExitCode == 0, r.StdErr);
        using var json = JsonDocument.Parse(r.StdOut);
        var root = json.RootElement;
        Assert.Equal("consensus", root.GetProperty("method").GetString());
        Assert.Equal("rows", root.GetProperty("cluster").GetString());
        var ranks = root.GetProperty("ranks").EnumerateArray().ToArray();
        Assert.Equal(new[] { 2, 3, 4 }, ranks.Select(e => e.GetProperty("rank").GetInt32()));
        foreach (var field in new[] { "cophenetic", "dispersion", "best_objective", "reconstruction_error", "relative_error" })
            Assert.All(ranks, e => Assert.True(double.IsFinite(e.GetProperty(field).GetDouble()), field));
        Assert.Equal(3, root.GetProperty("suggested_rank").GetInt32());
        // The top level names the requested solver; each rank names what `auto` resolved to for that rank and X.
        Assert.Equal("auto", root.GetProperty("solver").GetString());
        int rows = root.GetProperty("rows").GetInt32(), cols = root.GetProperty("cols").GetInt32();
        Assert.All(ranks, e => Assert.Equal(
            NmfSolverNames.ToName(NonNegativeMatrixFactorization.ResolveSolver(NmfSolver.Auto, 2.0, rows, cols, e.GetProperty("rank").GetInt32(), sparse: false)),
            e.GetProperty("solver").GetString()));
        Assert.All(ranks, e => Assert.NotEqual("auto", e.GetProperty("solver").GetString()));
        foreach (var file in new[] { "survey.png", "consensus_k2.png", "consensus_k3.png", "consensus_k4.png", "survey.csv" })
            Assert.True(File.Exists(Path.Combine(outDir, file)) && new FileInfo(Path.Combine(outDir, file)).Length > 0, file);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(outDir, "survey.csv")).Length);

        var again = CliRunner.Run("rank", input, "--method", "consensus", "--ranks", "2..4", "--runs", "8", "--out", outDir, "--quiet");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--force", again.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void RankConsensus_Columns_KullbackLeibler_PrintsTheTable()
    {
        using var dir = new TempFolder();
        string input = WritePlanted(dir, columns: true);
        var r = CliRunner.Run("rank", input, "--method", "consensus", "--ranks", "3,4", "--runs", "6", "--cluster", "columns", "--loss", "kl", "--seed", "2", "--quiet");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("clustering the columns", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("kl loss", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("suggested rank: 3", r.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--ranks", "5..2")]
    [InlineData("--ranks", "0..3")]
    [InlineData("--runs", "1")]
    [InlineData("--cluster", "diagonal")]
    [InlineData("--rank", "3")]
    public void RankConsensus_BadOption_IsAOneLineErrorWithExitCode2(string option, string value)
    {
        using var dir = new TempFolder();
        string input = WritePlanted(dir);
        var r = CliRunner.Run("rank", input, "--method", "consensus", option, value, "--quiet");
        Assert.Equal(2, r.ExitCode);
        Assert.DoesNotContain('\n', r.StdErr.Trim());
        Assert.Equal("", r.StdOut);
    }

    [Fact]
    public void Fit_Runs_KeepsTheBestOfTheRuns_AsTheLibraryDoes()
    {
        using var dir = new TempFolder();
        string input = WritePlanted(dir);
        var r = CliRunner.Run("fit", input, "--rank", "4", "--solver", "hals", "--seed", "5", "--runs", "6", "--json", "--quiet");
        Assert.True(r.ExitCode == 0, r.StdErr);
        using var json = JsonDocument.Parse(r.StdOut);
        var x = MatrixFile.ReadDense<double>(input);
        var runs = NonNegativeMatrixFactorization.FitRuns(x, new NmfOptions { Rank = 4, Solver = NmfSolver.Hals, Seed = 5, Runs = 6 });
        Assert.Equal(runs.Best.ReconstructionError, json.RootElement.GetProperty("reconstruction_error").GetDouble());
        Assert.Equal("random", json.RootElement.GetProperty("init").GetString());
    }
}
