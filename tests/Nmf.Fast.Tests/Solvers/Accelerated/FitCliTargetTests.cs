// `nmf fit --solver anls|hals-accel|auto --target-error E --trace FILE.csv` end to end.
using System.Globalization;
using System.Text.Json;
using Nmf.Fast.IO;
using Nmf.Fast.Tests.Cli;
using TestData = Nmf.Fast.Tests.Solvers.Hals.TestData;

namespace Nmf.Fast.Tests.Solvers.Accelerated;

public class FitCliTargetTests
{
    [Theory]
    [InlineData("anls", "anls")]
    [InlineData("hals-accel", "hals-accel")]
    [InlineData("auto", "anls")]
    [InlineData("hals", "hals")]
    public void Fit_WithTargetAndTrace_StopsAtTarget_AndWritesOneTraceLinePerIteration(string solver, string resolved)
    {
        using var dir = new TempFolder();
        string input = dir.File("x.npy");
        MatrixFile.WriteNpy(input, TestData.Planted(60, 40, 3, 2).X.AsReadOnlyMatrixSpan());
        string trace = dir.File("trace.csv");
        var r = CliRunner.Run("fit", input, "--rank", "3", "--solver", solver, "--init", "random", "--seed", "1",
            "--max-iter", "2000", "--tol", "0", "--target-error", "1e-3", "--trace", trace, "--json", "--quiet");
        Assert.True(r.ExitCode == 0, r.StdErr);
        using var json = JsonDocument.Parse(r.StdOut);
        var root = json.RootElement;
        Assert.Equal(resolved, root.GetProperty("solver").GetString());
        int iterations = root.GetProperty("iterations").GetInt32();
        Assert.Equal(iterations, root.GetProperty("target_iteration").GetInt32());
        Assert.True(root.GetProperty("relative_error").GetDouble() <= 1e-3 * (1 + 1e-9));
        Assert.True(root.GetProperty("target_seconds").GetDouble() > 0);

        var lines = File.ReadAllLines(trace);
        Assert.Equal("iteration,seconds,relative_error,loss", lines[0]);
        Assert.Equal(iterations + 2, lines.Length);
        var last = lines[^1].Split(',');
        Assert.Equal(iterations, int.Parse(last[0], CultureInfo.InvariantCulture));
        Assert.True(double.Parse(last[2], CultureInfo.InvariantCulture) <= 1e-3);
    }

    [Fact]
    public void Fit_BadSolverOrTarget_IsAOneLineUsageError()
    {
        using var dir = new TempFolder();
        string input = dir.File("x.npy");
        MatrixFile.WriteNpy(input, TestData.Uniform(10, 8, 1).AsReadOnlyMatrixSpan());
        var bad = CliRunner.Run("fit", input, "--rank", "2", "--solver", "fast");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("hals-accel", bad.StdErr, StringComparison.Ordinal);
        var negative = CliRunner.Run("fit", input, "--rank", "2", "--target-error", "-1");
        Assert.Equal(2, negative.ExitCode);
        Assert.Contains("target-error", negative.StdErr, StringComparison.Ordinal);
    }
}
