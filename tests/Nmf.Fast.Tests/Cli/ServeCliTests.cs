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

public class FitInterruptTests
{
    [Fact]
    public async Task Fit_SigInt_StopsBetweenIterations_WritesFactorsMarkedNotConverged_Exits130()
    {
        using var dir = new TempFolder();
        string input = dir.File("x.npy");
        MatrixFile.WriteNpy(input, TestData.Uniform(600, 400, 2).AsReadOnlyMatrixSpan());
        string dll = Path.Combine(AppContext.BaseDirectory, "nmf.dll");
        var start = new System.Diagnostics.ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "fit", input, "--rank", "40", "--seed", "0", "--max-iter", "100000", "--tol", "0", "--out", dir.File("m"), "--json", "--quiet" })
            start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await Task.Delay(4000);   // past start-up (handler registered) and into the iterations
        using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);   // throws (fails the test) if SIGINT did not stop the fit
        string err = await stderr, output = await stdout;
        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {err}");
        Assert.Contains("\"converged\": false", output, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.File("m/W.npy")) && File.Exists(dir.File("m/H.npy")));
        var model = ModelFile.Load<double>(dir.File("m"));
        Assert.Equal(40, model.Rank);
    }
}
