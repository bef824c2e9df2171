// `nmf impute INPUT --rank K --missing nan --out DIR`: fits the observed entries and writes the matrix completed by W·H.
using System.Numerics;
using Nmf.Fast.Cli.Infrastructure;
using Nmf.Fast.IO;
using Nmf.Fast.Missing;

namespace Nmf.Fast.Cli.Commands;

internal static class ImputeCommand
{
    public const string Help = """
        nmf impute INPUT --rank K (--missing nan | --weights FILE) --out DIR [fit options] [--json] [--force]
          Fits X ≈ W·H to the observed entries of a dense INPUT (.npy/.csv) and writes
          DIR/completed.npy (INPUT where observed, W·H where missing), DIR/W.npy and DIR/H.npy.
          --missing nan            NaN entries are missing
          --weights FILE           non-negative weights of INPUT's shape; 0 = missing (NaN is then also missing with --missing nan)
          Fit options as 'nmf fit' (--solver, --loss, --init, --max-iter, --tol, --seed, --threads, --dtype, --alpha-w, ...).
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
            throw new UsageException(cl.Positional.Count == 0 ? "impute needs an INPUT file (.npy or .csv)" : $"impute takes one INPUT file, got {cl.Positional.Count}");
        string input = cl.Positional[0];
        string outDir = cl.RequiredString("out");
        bool json = cl.Flag("json"), quiet = cl.Flag("quiet"), header = cl.Flag("header"), force = cl.Flag("force");
        cl.Flag("debug");
        var missing = MissingArguments.Parse(cl);
        if (!missing.Any) throw new UsageException("impute needs --missing nan or --weights FILE to know which entries are missing");
        if (missing.StoredOnly) throw new UsageException("impute works on dense INPUT; use --missing nan or --weights");
        bool f32 = FitArguments.IsFloat32(cl);
        var options = FitArguments.Parse(cl, defaultRank: null, defaultSolver: "auto");
        cl.EnsureAllUsed();
        return f32 ? Execute<float>(input, outDir, options, missing, json, quiet, header, force) : Execute<double>(input, outDir, options, missing, json, quiet, header, force);
    }

    private static int Execute<T>(string input, string outDir, NmfOptions options, MissingArguments missing, bool json, bool quiet, bool header, bool force)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string[] outputs = [Path.Combine(outDir, "completed.npy"), Path.Combine(outDir, "W.npy"), Path.Combine(outDir, "H.npy")];
        foreach (var path in outputs)
        {
            if (!force && File.Exists(path)) throw new UsageException($"{path} exists; use --force to overwrite it");
            if (Path.GetFullPath(path) == Path.GetFullPath(input)) throw new UsageException($"{path} is the INPUT file; refusing to overwrite the input");
        }
        var x = MatrixFile.ReadDense<T>(input, header);
        var weights = missing.WeightsFor(x);
        var result = FitCommand.FitWithCtrlC((progress, ct) => NonNegativeMatrixFactorization.Fit(x, weights, options, progress, ct), options, input, quiet, out bool interrupted);
        MissingArguments.PrintWarnings(result);
        var completed = Imputation.Complete(x, weights, result);
        Directory.CreateDirectory(outDir);
        MatrixFile.WriteNpy(outputs[0], completed.AsReadOnlyMatrixSpan(), overwrite: force);
        MatrixFile.WriteNpy(outputs[1], result.W.AsReadOnlyMatrixSpan(), overwrite: force);
        MatrixFile.WriteNpy(outputs[2], result.H.AsReadOnlyMatrixSpan(), overwrite: force);
        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteString("input", input);
                w.WriteNumber("rows", x.Rows);
                w.WriteNumber("cols", x.Cols);
                w.WriteNumber("missing", weights.MissingCount);
                w.WriteNumber("rank", options.Rank);
                w.WriteString("solver", FitArguments.SolverName(result.Solver));
                w.WriteNumber("iterations", result.Iterations);
                w.WriteBoolean("converged", result.Converged);
                w.WriteNumber("relative_error_observed", result.RelativeError);
                w.WriteStartArray("warnings");
                foreach (string warning in result.Warnings) w.WriteStringValue(warning);
                w.WriteEndArray();
                w.WriteString("out", outDir);
            });
        }
        else
        {
            Console.WriteLine($"imputed {weights.MissingCount} of {(long)x.Rows * x.Cols} entries of {input} ({x.Rows}×{x.Cols}) with rank {options.Rank}");
            Console.WriteLine($"  {FitArguments.SolverName(result.Solver)}: {result.Iterations} iterations, {(result.Converged ? "converged" : "not converged")}, relative error on the observed entries {result.RelativeError:G4}");
            Console.WriteLine($"  wrote {string.Join(", ", outputs)}");
        }
        if (interrupted) Console.Error.WriteLine("nmf: interrupted; the factors so far were used (not converged)");
        return interrupted ? ExitCodes.Interrupted : ExitCodes.Success;
    }
}
