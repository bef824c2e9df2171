// `nmf fit`, `nmf transform` and `nmf demo` end to end: files written, JSON shape, exit codes, refusal to overwrite.
using System.Text.Json;
using Nmf.Fast.IO;
using Nmf.Fast.Memory;
using Nmf.Fast.Tests.Solvers.Hals;

namespace Nmf.Fast.Tests.Cli;

public class FitCommandTests
{
    private static readonly string[] RequiredFields =
    [
        "rows", "cols", "rank", "solver", "loss", "init", "dtype", "threads", "iterations", "converged",
        "seconds", "seconds_per_iteration", "reconstruction_error", "relative_error",
    ];

    private static string WriteInput(TempFolder dir, Matrix<double> x, string name = "x.npy")
    {
        string path = dir.File(name);
        MatrixFile.WriteNpy(path, x.AsReadOnlyMatrixSpan());
        return path;
    }

    private static void AssertOneLineError(CliResult r, params string[] fragments)
    {
        Assert.Equal(2, r.ExitCode);
        string err = r.StdErr.Trim();
        Assert.DoesNotContain('\n', err);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        foreach (var f in fragments) Assert.Contains(f, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_WritesFactorsAndModel_AndJsonHasEveryField_AndTransformReadsTheModel()
    {
        using var dir = new TempFolder();
        string input = WriteInput(dir, TestData.Uniform(40, 12, 3));
        string outDir = dir.File("out");
        var r = CliRunner.Run("fit", input, "--rank", "3", "--solver", "hals", "--init", "random", "--seed", "0", "--out", outDir, "--json", "--quiet");
        Assert.True(r.ExitCode == 0, r.StdErr);
        using var json = JsonDocument.Parse(r.StdOut);
        foreach (var field in RequiredFields) Assert.True(json.RootElement.TryGetProperty(field, out _), $"missing {field}");
        Assert.Equal(40, json.RootElement.GetProperty("rows").GetInt32());
        Assert.Equal("hals", json.RootElement.GetProperty("solver").GetString());
        Assert.Equal("float64", json.RootElement.GetProperty("dtype").GetString());

        var w = MatrixFile.ReadDense<double>(Path.Combine(outDir, "W.npy"));
        var h = MatrixFile.ReadDense<double>(Path.Combine(outDir, "H.npy"));
        Assert.Equal((40, 3), (w.Rows, w.Cols));
        Assert.Equal((3, 12), (h.Rows, h.Cols));
        using var model = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "model.json")));
        Assert.Equal("nmf-fast-model", model.RootElement.GetProperty("format").GetString());

        // The same fit through the API gives the same W (same seed, same algorithm).
        var api = NonNegativeMatrixFactorization.Fit(TestData.Uniform(40, 12, 3), new NmfOptions { Rank = 3, Init = NmfInit.Random, Seed = 0 });
        MatrixAssert.BitwiseEqual(api.W, w);

        string wNew = dir.File("wnew.npy");
        var t = CliRunner.Run("transform", "--model", outDir, input, "--out", wNew, "--json");
        Assert.True(t.ExitCode == 0, t.StdErr);
        var transformed = MatrixFile.ReadDense<double>(wNew);
        Assert.Equal((40, 3), (transformed.Rows, transformed.Cols));
        MatrixAssert.Close(api.Transform(TestData.Uniform(40, 12, 3)), transformed, 1e-12, "transform");

        var again = CliRunner.Run("fit", input, "--rank", "3", "--out", outDir, "--quiet");
        AssertOneLineError(again, "W.npy exists", "--force");
        var forced = CliRunner.Run("fit", input, "--rank", "3", "--out", outDir, "--quiet", "--force", "--dtype", "float32", "--solver", "mu", "--loss", "kl");
        Assert.True(forced.ExitCode == 0, forced.StdErr);
        Assert.Contains("wrote", forced.StdOut, StringComparison.Ordinal);

        var badCols = CliRunner.Run("transform", "--model", outDir, WriteInput(dir, TestData.Uniform(5, 7, 1), "narrow.npy"), "--out", dir.File("w2.npy"));
        AssertOneLineError(badCols, "narrow.npy", "7 columns");
    }

    [Fact]
    public void Fit_RejectsBadInputWithOneLineAndExitCode2()
    {
        using var dir = new TempFolder();
        var x = TestData.Uniform(6, 5, 1);
        x[2, 3] = -1;
        string bad = WriteInput(dir, x, "bad.npy");
        AssertOneLineError(CliRunner.Run("fit", bad, "--rank", "2", "--quiet"), "bad.npy", "entry (2, 3) is negative");
        AssertOneLineError(CliRunner.Run("fit", dir.File("missing.npy"), "--rank", "2"), "missing.npy");
        string good = WriteInput(dir, TestData.Uniform(6, 5, 1), "good.npy");
        AssertOneLineError(CliRunner.Run("fit", good), "--rank");
        AssertOneLineError(CliRunner.Run("fit", good, "--rank", "0"), "--rank");
        AssertOneLineError(CliRunner.Run("fit", good, "--rank", "2", "--solver", "hals", "--loss", "kl"), "good.npy", "HALS");
        AssertOneLineError(CliRunner.Run("fit", good, "--rank", "6", "--init", "nndsvd"), "good.npy", "min(rows, cols)");
        AssertOneLineError(CliRunner.Run("fit", good, "--rank", "2", "--init", "custom"), "--init-w");
        AssertOneLineError(CliRunner.Run("fit", good, "--rank", "2", "--rnak", "3"), "--rnak");
    }

    [Fact]
    public void Fit_CustomInit_UsesTheGivenFactors()
    {
        using var dir = new TempFolder();
        var x = TestData.Uniform(20, 9, 4);
        var w0 = TestData.Uniform(20, 2, 5);
        var h0 = TestData.Uniform(2, 9, 6);
        string input = WriteInput(dir, x);
        string wPath = WriteInput(dir, w0, "w0.npy"), hPath = WriteInput(dir, h0, "h0.npy");
        var r = CliRunner.Run("fit", input, "--rank", "2", "--solver", "hals", "--init", "custom", "--init-w", wPath, "--init-h", hPath, "--max-iter", "7", "--tol", "0", "--out", dir.File("o"), "--quiet");
        Assert.True(r.ExitCode == 0, r.StdErr);
        var api = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = 2, Init = NmfInit.Custom, InitialW = w0, InitialH = h0, MaxIterations = 7, Tolerance = 0 });
        MatrixAssert.BitwiseEqual(api.H, MatrixFile.ReadDense<double>(Path.Combine(dir.File("o"), "H.npy")));

        var wrong = CliRunner.Run("fit", input, "--rank", "3", "--init", "custom", "--init-w", wPath, "--init-h", hPath, "--quiet");
        AssertOneLineError(wrong, "InitialH must be 3×9");
    }

    [Fact]
    public void Demo_FactorizesTheEmbeddedDigits()
    {
        var r = CliRunner.Run("demo", "--max-iter", "5", "--seed", "0", "--json", "--quiet");
        Assert.True(r.ExitCode == 0, r.StdErr);
        using var json = JsonDocument.Parse(r.StdOut);
        Assert.Equal(1797, json.RootElement.GetProperty("rows").GetInt32());
        Assert.Equal(64, json.RootElement.GetProperty("cols").GetInt32());
        Assert.Equal(5, json.RootElement.GetProperty("iterations").GetInt32());

        var text = CliRunner.Run("demo", "--rank", "4", "--max-iter", "3", "--ascii", "--quiet");
        Assert.True(text.ExitCode == 0, text.StdErr);
        Assert.Contains("component 3", text.StdOut, StringComparison.Ordinal);
        Assert.Contains("1797×64", text.StdOut, StringComparison.Ordinal);
    }
}
