// `nmf transform --model DIR INPUT --out W.npy`: W for new rows with the fitted H fixed (scikit-learn's transform).
using System.Diagnostics;
using System.Numerics;
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
          regularisation (HALS starts from W = 0, MU from √(mean(X)/k), as scikit-learn). A sparse INPUT
          (.mtx, SciPy .npz) is transformed on its stored entries, never densified.
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
            throw new UsageException(cl.Positional.Count == 0 ? "transform needs an INPUT file (.npy, .csv, .mtx or .npz)" : $"transform takes one INPUT file, got {cl.Positional.Count}");
        string input = cl.Positional[0];
        string modelDir = cl.RequiredString("model");
        string output = cl.RequiredString("out");
        bool json = cl.Flag("json"), header = cl.Flag("header"), force = cl.Flag("force");
        int threads = cl.Int("threads", -1, 1);
        cl.Flag("debug");
        cl.EnsureAllUsed();

        if (!force && File.Exists(output)) throw new UsageException($"{output} exists; use --force to overwrite it");
        if (Path.GetFullPath(output) == Path.GetFullPath(input))
            throw new UsageException($"--out {output} is the INPUT file; refusing to overwrite the input");
        var saved = ModelFile.ReadHeader(modelDir, threads);
        return saved.IsFloat32
            ? Execute<float>(saved, modelDir, input, output, json, header, force)
            : Execute<double>(saved, modelDir, input, output, json, header, force);
    }

    private static int Execute<T>(ModelHeader saved, string modelDir, string input, string output, bool json, bool header, bool force)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = ModelFile.Load<T>(modelDir, saved.Options.MaxDegreeOfParallelism);
        bool sparse = MatrixFile.IsSparseFormat(input);
        var xs = sparse ? MatrixFile.ReadSparse<T>(input) : null;
        var xd = sparse ? null : MatrixFile.ReadDense<T>(input, header);
        var x = (Rows: xs?.Rows ?? xd!.Rows, Cols: xs?.Cols ?? xd!.Cols);
        var clock = Stopwatch.StartNew();
        Matrix<T> w;
        try
        {
            w = xs is not null ? model.Transform(xs) : model.Transform(xd!);
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
                j.WriteString("model", modelDir);
                j.WriteNumber("rows", x.Rows);
                j.WriteNumber("cols", x.Cols);
                j.WriteBoolean("sparse", sparse);
                j.WriteNumber("rank", model.Rank);
                j.WriteString("solver", FitArguments.SolverName(saved.Options.Solver));
                j.WriteString("loss", NmfLoss.Name(saved.Options.Beta));
                j.WriteString("dtype", saved.DType);
                j.WriteNumber("seconds", clock.Elapsed.TotalSeconds);
                j.WriteString("out", output);
            });
        else
            Console.WriteLine($"nmf transform: {input}: X {x.Rows}×{x.Cols} → W {w.Rows}×{w.Cols} in {clock.Elapsed.TotalSeconds:F3} s; wrote {output}");
        return ExitCodes.Success;
    }
}
