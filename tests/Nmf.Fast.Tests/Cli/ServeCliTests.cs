// `nmf fit` / `nmf transform` safety: outputs equal to the input refused, other model versions refused, no progress on a redirected stderr.
using Nmf.Fast.IO;
using Nmf.Fast.Tests.Solvers.Hals;

namespace Nmf.Fast.Tests.Cli;

public class ServeCliTests
{
    [Fact]
    public void Transform_OutputEqualToInput_IsRefusedAndTheInputIsIntact()
    {
        using var dir = new TempFolder();
        string input = dir.File("x.npy");
        MatrixFile.WriteNpy(input, TestData.Uniform(20, 8, 2).AsReadOnlyMatrixSpan());
        byte[] before = File.ReadAllBytes(input);
        Assert.Equal(0, CliRunner.Run("fit", input, "--rank", "2", "--seed", "0", "--out", dir.File("m"), "--quiet").ExitCode);
        var r = CliRunner.Run("transform", "--model", dir.File("m"), input, "--out", input, "--force");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("INPUT", r.StdErr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Fact]
    public void Fit_OutputEqualToInput_IsRefusedAndTheInputIsIntact()
    {
        using var dir = new TempFolder();
        string input = dir.File("W.npy");
        MatrixFile.WriteNpy(input, TestData.Uniform(20, 8, 2).AsReadOnlyMatrixSpan());
        byte[] before = File.ReadAllBytes(input);
        var r = CliRunner.Run("fit", input, "--rank", "2", "--out", dir.Path, "--force", "--quiet");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("INPUT", r.StdErr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Fact]
    public void Transform_ModelOfAnotherVersion_ExitsWith2AndOneLine()
    {
        using var dir = new TempFolder();
        string input = dir.File("x.npy");
        MatrixFile.WriteNpy(input, TestData.Uniform(20, 8, 2).AsReadOnlyMatrixSpan());
        Assert.Equal(0, CliRunner.Run("fit", input, "--rank", "2", "--seed", "0", "--out", dir.File("m"), "--quiet").ExitCode);
        string json = dir.File("m/model.json");
        File.WriteAllText(json, File.ReadAllText(json).Replace("\"format_version\": 1", "\"format_version\": 7", StringComparison.Ordinal));
        var r = CliRunner.Run("transform", "--model", dir.File("m"), input, "--out", dir.File("w.npy"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("format_version 7 is not supported", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', r.StdErr.Trim());
        Assert.False(File.Exists(dir.File("w.npy")));
    }

    [Fact]
    public void Fit_RedirectedStderr_PrintsNoProgressEvenForALongFit()
    {
        using var dir = new TempFolder();
        string input = dir.File("x.npy");
        MatrixFile.WriteNpy(input, TestData.Uniform(400, 300, 2).AsReadOnlyMatrixSpan());
        var r = CliRunner.Run("fit", input, "--rank", "30", "--seed", "0", "--max-iter", "3000", "--tol", "0", "--time-budget", "1.5");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.DoesNotContain("iteration", r.StdErr, StringComparison.Ordinal);
    }
}
