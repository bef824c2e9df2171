// `nmf transform --model DIR INPUT --out W.npy`: W for new rows with the fitted H fixed (scikit-learn's transform).
using System.Diagnostics;
using System.Numerics;
using System.Text.Json;
using Nmf.Fast.Cli.Infrastructure;
using Nmf.Fast.IO;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Cli.Commands;

internal static class TransformCommand
{
    public const string Help = """
        nmf transform --model DIR INPUT --out W.npy [--json] [--force] [--header] [--threads T]
          DIR holds model.json and H.npy written by 'nmf fit --out DIR'. INPUT must have the model's number of
          columns. W is solved with H fixed, with the model's solver, loss, tolerance, iteration limit and W
          regularisation (HALS starts from W = 0, MU from √(mean(X)/k), as scikit-learn).
        """;

    public static int Run(string[] args)
    {
        var cl = CommandLine.Parse(args, "json", "header", "force", "debug", "help");
        if (cl.Flag("help"))
        {
            Console.WriteLine(Help);
            return ExitCodes.Success;
        }
        if (cl.Positional.Count != 1)
            throw new UsageException(cl.Positional.Count == 0 ? "transform needs an INPUT file (.npy or .csv)" : $"transform takes one INPUT file, got {cl.Positional.Count}");
        string input = cl.Positional[0];
        string modelDir = cl.RequiredString("model");
        string output = cl.RequiredString("out");
        bool json = cl.Flag("json"), header = cl.Flag("header"), force = cl.Flag("force");
        int threads = cl.Int("threads", -1, 1);
        cl.Flag("debug");
        cl.EnsureAllUsed();

        if (!force && File.Exists(output)) throw new UsageException($"{output} exists; use --force to overwrite it");
        var saved = SavedModel.Read(modelDir, threads);
        return saved.Float32
            ? Execute<float>(saved, input, output, json, header, force)
            : Execute<double>(saved, input, output, json, header, force);
    }

    private static int Execute<T>(SavedModel saved, string input, string output, bool json, bool header, bool force)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var h = MatrixFile.ReadDense<T>(saved.HPath);
        NmfModel<T> model;
        try
        {
            model = new NmfModel<T>(h, saved.Options);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{saved.HPath}: {Messages.WithoutParameter(e)}");
        }
        var x = MatrixFile.ReadDense<T>(input, header);
        var clock = Stopwatch.StartNew();
        Matrix<T> w;
        try
        {
            w = model.Transform(x);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{input}: {Messages.WithoutParameter(e)}");
        }
        clock.Stop();
        MatrixFile.WriteNpy(output, w.AsReadOnlyMatrixSpan(), overwrite: force);
        if (json)
            JsonOutput.Write(j =>
            {
                j.WriteString("input", input);
                j.WriteString("model", saved.Directory);
                j.WriteNumber("rows", x.Rows);
                j.WriteNumber("cols", x.Cols);
                j.WriteNumber("rank", model.Rank);
                j.WriteString("solver", FitArguments.SolverName(saved.Options.Solver));
                j.WriteString("loss", NmfLoss.Name(saved.Options.Beta));
                j.WriteString("dtype", saved.Float32 ? "float32" : "float64");
                j.WriteNumber("seconds", clock.Elapsed.TotalSeconds);
                j.WriteString("out", output);
            });
        else
            Console.WriteLine($"nmf transform: {input}: X {x.Rows}×{x.Cols} → W {w.Rows}×{w.Cols} in {clock.Elapsed.TotalSeconds:F3} s; wrote {output}");
        return ExitCodes.Success;
    }

    /// <summary>model.json and the path of H.npy in a directory written by `nmf fit --out`.</summary>
    private sealed record SavedModel(string Directory, string HPath, NmfOptions Options, bool Float32)
    {
        public static SavedModel Read(string directory, int threads)
        {
            string jsonPath = Path.Combine(directory, "model.json");
            if (!File.Exists(jsonPath)) throw new UsageException($"{jsonPath}: not found (expected a directory written by 'nmf fit --out')");
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(jsonPath));
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.GetString() != "nmf-fast-model")
                    throw new UsageException($"{jsonPath}: not an nmf-fast model file");
                var options = new NmfOptions
                {
                    Rank = root.GetProperty("rank").GetInt32(),
                    Solver = FitArguments.ParseSolver(root.GetProperty("solver").GetString() ?? ""),
                    Beta = root.GetProperty("beta").GetDouble(),
                    MaxIterations = root.GetProperty("max_iter").GetInt32(),
                    Tolerance = root.GetProperty("tol").GetDouble(),
                    AlphaW = root.GetProperty("alpha_w").GetDouble(),
                    AlphaH = root.GetProperty("alpha_h").GetDouble(),
                    L1Ratio = root.GetProperty("l1_ratio").GetDouble(),
                    MaxDegreeOfParallelism = threads,
                };
                bool f32 = root.GetProperty("dtype").GetString() == "float32";
                string h = Path.Combine(directory, root.TryGetProperty("H", out var hName) ? hName.GetString() ?? "H.npy" : "H.npy");
                return new SavedModel(directory, h, options, f32);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new UsageException($"{jsonPath}: malformed model file ({e.Message.ReplaceLineEndings(" ")})");
            }
        }
    }
}
