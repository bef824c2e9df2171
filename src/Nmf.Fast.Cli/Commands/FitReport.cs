// What `nmf fit` and `nmf demo` print and write: the summary line block, the --json object, model.json.
using System.Numerics;
using System.Text.Json;
using Nmf.Fast.Cli.Infrastructure;

namespace Nmf.Fast.Cli.Commands;

internal static class FitReport
{
    public static int Threads(NmfOptions options) =>
        options.MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : options.MaxDegreeOfParallelism;

    public static double SecondsPerIteration<T>(NmfResult<T> r) where T : unmanaged, IFloatingPointIeee754<T> =>
        r.Iterations == 0 ? 0 : r.SolverElapsed.TotalSeconds / r.Iterations;

    /// <summary>The fields of the --json object and of model.json's "fit" part.</summary>
    public static void WriteFields<T>(Utf8JsonWriter w, NmfResult<T> r, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var o = r.Options;
        w.WriteNumber("rows", rows);
        w.WriteNumber("cols", cols);
        w.WriteNumber("rank", o.Rank);
        w.WriteString("solver", FitArguments.SolverName(r.Solver));
        w.WriteString("loss", NmfLoss.Name(o.Beta));
        w.WriteNumber("beta", o.Beta);
        w.WriteString("init", FitArguments.InitName(r.Init));
        w.WriteNumber("seed", r.Seed);
        w.WriteString("dtype", typeof(T) == typeof(float) ? "float32" : "float64");
        w.WriteNumber("threads", Threads(o));
        w.WriteNumber("max_iter", o.MaxIterations);
        w.WriteNumber("tol", o.Tolerance);
        w.WriteNumber("alpha_w", o.AlphaW);
        w.WriteNumber("alpha_h", o.EffectiveAlphaH);
        w.WriteNumber("l1_ratio", o.L1Ratio);
        w.WriteNumber("iterations", r.Iterations);
        w.WriteBoolean("converged", r.Converged);
        w.WriteNumber("seconds", r.Elapsed.TotalSeconds);
        w.WriteNumber("seconds_per_iteration", SecondsPerIteration(r));
        WriteNumberOrNull(w, "reconstruction_error", r.ReconstructionError);
        WriteNumberOrNull(w, "relative_error", r.RelativeError);
        if (o.TargetError is { } target)
        {
            w.WriteNumber("target_error", target);
            if (r.TargetIteration is { } ti) w.WriteNumber("target_iteration", ti);
            else w.WriteNull("target_iteration");
            if (r.TargetElapsed is { } te) w.WriteNumber("target_seconds", te.TotalSeconds);
            else w.WriteNull("target_seconds");
        }
    }

    /// <summary>DIR/model.json: everything `nmf transform` needs to rebuild the model, plus the fit's numbers and loss trace.</summary>
    public static void WriteModelJson<T>(string path, NmfResult<T> r, string input, int rows, int cols, bool overwrite)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!overwrite && File.Exists(path)) throw new IOException($"{path} exists; use --force to overwrite.");
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", "nmf-fast-model");
            w.WriteNumber("format_version", Nmf.Fast.IO.ModelFile.FormatVersion);
            w.WriteString("input", input);
            WriteFields(w, r, rows, cols);
            w.WriteString("W", "W.npy");
            w.WriteString("H", "H.npy");
            w.WriteStartArray("trace");
            foreach (var p in r.Trace)
            {
                w.WriteStartObject();
                w.WriteNumber("iteration", p.Iteration);
                WriteNumberOrNull(w, "loss", p.Loss);
                w.WriteNumber("seconds", p.Elapsed.TotalSeconds);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        Nmf.Fast.IO.ModelFile.WriteHeaderFile(path, buffer.ToArray(), overwrite);
    }

    /// <summary>A few human-readable lines on stdout.</summary>
    public static void PrintSummary<T>(TextWriter o, NmfResult<T> r, string input, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var opt = r.Options;
        string dtype = typeof(T) == typeof(float) ? "float32" : "float64";
        o.WriteLine($"nmf fit: {input}: X {rows}×{cols} ({dtype}) ≈ W {rows}×{opt.Rank} · H {opt.Rank}×{cols}");
        o.WriteLine($"  solver {FitArguments.SolverName(r.Solver)}, loss {NmfLoss.Name(opt.Beta)}, init {FitArguments.InitName(r.Init)} (seed {r.Seed}), {Threads(opt)} thread(s)");
        o.WriteLine($"  {r.Iterations} iterations, {(r.Converged ? "converged" : "not converged")} (tol {opt.Tolerance:G3}), " +
                    $"{r.Elapsed.TotalSeconds:F3} s ({SecondsPerIteration(r) * 1e3:F3} ms/iteration)");
        o.WriteLine($"  reconstruction error {r.ReconstructionError:G6}, relative error ‖X−WH‖/‖X‖ = {r.RelativeError:G6}");
    }

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
