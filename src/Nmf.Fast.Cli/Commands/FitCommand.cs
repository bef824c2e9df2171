// `nmf fit INPUT --rank K ... [--out DIR]`: factorize a matrix file, write W.npy, H.npy and model.json, print a summary.
using System.Numerics;
using Nmf.Fast.Cli.Infrastructure;
using Nmf.Fast.IO;

namespace Nmf.Fast.Cli.Commands;

internal static class FitCommand
{
    public const string Help = """
        nmf fit INPUT --rank K [options] [--out DIR]
          INPUT                    .npy (float/int, C or Fortran order) or .csv (numeric; --header skips one line)
          --rank K                 number of components (required)
          --solver hals|mu         HALS = scikit-learn 'cd' (default), mu = multiplicative updates
          --loss frobenius|kl|is|BETA   β-divergence (default frobenius; HALS needs frobenius)
          --init auto|random|nndsvd|nndsvda|nndsvdar|custom   (default auto); custom needs --init-w W0.npy --init-h H0.npy
          --max-iter N (200)  --tol T (1e-4)  --seed S  --threads T  --dtype float32|float64 (float64)
          --alpha-w A  --alpha-h A (default: same as --alpha-w)  --l1-ratio R   scikit-learn's regularisation
          --time-budget SECONDS    stop between iterations when the time is spent (result marked not converged)
          --out DIR                write DIR/W.npy, DIR/H.npy, DIR/model.json (refuses to overwrite without --force)
          --json                   print one JSON object on stdout instead of the summary
          --quiet                  no progress lines on stderr
        """;

    public static int Run(string[] args)
    {
        var cl = CommandLine.Parse(args, "json", "quiet", "header", "force", "debug", "help");
        if (cl.Flag("help"))
        {
            Console.WriteLine(Help);
            return ExitCodes.Success;
        }
        if (cl.Positional.Count != 1)
            throw new UsageException(cl.Positional.Count == 0 ? "fit needs an INPUT file (.npy or .csv)" : $"fit takes one INPUT file, got {cl.Positional.Count}");
        var run = new FitRun(cl.Positional[0], cl.String("out"), cl.Flag("json"), cl.Flag("quiet"), cl.Flag("header"), cl.Flag("force"));
        cl.Flag("debug");
        bool f32 = FitArguments.IsFloat32(cl);
        var options = FitArguments.Parse(cl, defaultRank: null);
        cl.EnsureAllUsed();
        return f32 ? run.Execute<float>(options) : run.Execute<double>(options);
    }

    private sealed record FitRun(string Input, string? OutDir, bool Json, bool Quiet, bool Header, bool Force)
    {
        public int Execute<T>(NmfOptions options) where T : unmanaged, IFloatingPointIeee754<T>
        {
            string[] outputs = OutDir is null ? [] : [Path.Combine(OutDir, "W.npy"), Path.Combine(OutDir, "H.npy"), Path.Combine(OutDir, "model.json")];
            if (!Force)
                foreach (var path in outputs)
                    if (File.Exists(path)) throw new UsageException($"{path} exists; use --force to overwrite it");
            foreach (var path in outputs)
                if (Path.GetFullPath(path) == Path.GetFullPath(Input))
                    throw new UsageException($"{path} is the INPUT file; refusing to overwrite the input");

            var x = MatrixFile.ReadDense<T>(Input, Header);
            var result = FitWithCtrlC(x, options, Input, Quiet, out bool interrupted);

            if (OutDir is not null)
            {
                Directory.CreateDirectory(OutDir);
                MatrixFile.WriteNpy(outputs[0], result.W.AsReadOnlyMatrixSpan(), overwrite: Force);
                MatrixFile.WriteNpy(outputs[1], result.H.AsReadOnlyMatrixSpan(), overwrite: Force);
                FitReport.WriteModelJson(outputs[2], result, Input, x.Rows, x.Cols, overwrite: Force);
            }
            if (Json)
            {
                JsonOutput.Write(w =>
                {
                    w.WriteString("input", Input);
                    FitReport.WriteFields(w, result, x.Rows, x.Cols);
                    if (OutDir is not null) w.WriteString("out", OutDir);
                });
            }
            else
            {
                FitReport.PrintSummary(Console.Out, result, Input, x.Rows, x.Cols);
                if (OutDir is not null) Console.WriteLine($"  wrote {string.Join(", ", outputs)}");
            }
            if (interrupted) Console.Error.WriteLine("nmf: interrupted; the factors so far were kept (marked not converged)");
            return interrupted ? ExitCodes.Interrupted : ExitCodes.Success;
        }
    }

    /// <summary>Fits with Ctrl+C mapped to a clean stop between iterations; option errors are reported against the input file.</summary>
    public static NmfResult<T> FitWithCtrlC<T>(Memory.Matrix<T> x, NmfOptions options, string input, bool quiet)
        where T : unmanaged, IFloatingPointIeee754<T> => FitWithCtrlC(x, options, input, quiet, out _);

    /// <summary>As above; <paramref name="interrupted"/> says whether Ctrl+C stopped the fit (exit code 130). Progress goes to stderr only when it is a terminal.</summary>
    public static NmfResult<T> FitWithCtrlC<T>(Memory.Matrix<T> x, NmfOptions options, string input, bool quiet, out bool interrupted)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var progress = quiet || Console.IsErrorRedirected ? null : new StderrProgress(options.MaxIterations);
            var result = NonNegativeMatrixFactorization.Fit(x, options, progress, cts.Token);
            interrupted = cts.IsCancellationRequested;
            return result;
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{input}: {Messages.WithoutParameter(e)}");
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}

/// <summary>Exception messages for one-line CLI errors.</summary>
internal static class Messages
{
    /// <summary>The message without the " (Parameter 'x')" suffix that ArgumentException appends.</summary>
    public static string WithoutParameter(ArgumentException e)
    {
        string m = e.Message;
        if (e.ParamName is { } p)
        {
            string suffix = $" (Parameter '{p}')";
            if (m.EndsWith(suffix, StringComparison.Ordinal)) m = m[..^suffix.Length];
        }
        return m.ReplaceLineEndings(" ");
    }
}
