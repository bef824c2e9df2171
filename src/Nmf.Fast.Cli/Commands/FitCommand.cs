// `nmf fit INPUT --rank K ... [--out DIR]`: factorize a matrix file, write W.npy, H.npy and model.json, print a summary.
using System.Numerics;
using Nmf.Fast.Cli.Infrastructure;
using Nmf.Fast.IO;

namespace Nmf.Fast.Cli.Commands;

internal static class FitCommand
{
    public const string Help = """
        nmf fit INPUT --rank K [options] [--out DIR]
          INPUT                    .npy (float/int, C or Fortran order) or .csv (numeric; --header skips one line),
                                   or sparse .mtx (MatrixMarket) / .npz (SciPy save_npz): fitted sparse, never densified
          --dense                  densify a sparse INPUT and run the dense path
          --vocab FILE             one term per line, one line per column: print each component's top terms
          --rank K                 number of components (required)
          --solver auto|hals|mu|hals-accel|anls   auto (default) = the fastest to a good error (frobenius: anls for
                                   dense X with k ≤ 30 and m·n ≤ 4e6, else hals-accel; mu for other losses);
                                   hals = scikit-learn 'cd', mu = scikit-learn 'mu' exactly;
                                   hals-accel = accelerated HALS, anls = exact alternating NNLS (both extrapolated)
          --target-error E         stop at the first iteration with ‖X − WH‖_F / ‖X‖_F ≤ E (frobenius)
          --trace FILE.csv         write iteration,seconds,relative_error,loss for every evaluated iteration
          --loss frobenius|kl|is|BETA   β-divergence (default frobenius; HALS needs frobenius)
          --init auto|random|nndsvd|nndsvda|nndsvdar|custom   (default auto); custom needs --init-w W0.npy --init-h H0.npy
          --max-iter N (200)  --tol T (1e-4)  --seed S  --threads T  --dtype float32|float64 (float64)
          --alpha-w A  --alpha-h A (default: same as --alpha-w)  --l1-ratio R   scikit-learn's regularisation
          --time-budget SECONDS    stop between iterations when the time is spent (result marked not converged)
          --runs N                 fit from N seeded random starts (in parallel) and keep the best by objective (default 1)
          --out DIR                write DIR/W.npy, DIR/H.npy, DIR/model.json (refuses to overwrite without --force)
          --json                   print one JSON object on stdout instead of the summary
          --quiet                  no progress lines on stderr
          --missing nan|stored     nan: NaN entries of a dense INPUT are missing (fitted to the observed entries only);
                                   stored: only the stored entries of a sparse INPUT are observed (recommender data)
          --weights FILE           non-negative weights of INPUT's shape (.npy/.csv; 0 = missing): weighted loss
        """ + "\n" + Gallery.FitImages.HelpLine;

    public static int Run(string[] args)
    {
        var cl = CommandLine.Parse(args, "json", "quiet", "header", "force", "debug", "help", "dense");
        if (cl.Flag("help"))
        {
            Console.WriteLine(Help);
            return ExitCodes.Success;
        }
        if (cl.Positional.Count != 1)
            throw new UsageException(cl.Positional.Count == 0 ? "fit needs an INPUT file (.npy or .csv)" : $"fit takes one INPUT file, got {cl.Positional.Count}");
        var run = new FitRun(cl.Positional[0], cl.String("out"), cl.Flag("json"), cl.Flag("quiet"), cl.Flag("header"), cl.Flag("force"))
        {
            Dense = cl.Flag("dense"),
            Vocabulary = cl.String("vocab"),
            TracePath = cl.String("trace"),
            ImageShape = Gallery.ImageShape.Parse(cl.String("image-shape")),
            Missing = MissingArguments.Parse(cl),
        };
        cl.Flag("debug");
        bool f32 = FitArguments.IsFloat32(cl);
        var options = FitArguments.Parse(cl, defaultRank: null, defaultSolver: "auto");
        options = options with { Runs = cl.Int("runs", 1, 1, 100_000) };
        cl.EnsureAllUsed();
        return f32 ? run.Execute<float>(options) : run.Execute<double>(options);
    }

    private sealed record FitRun(string Input, string? OutDir, bool Json, bool Quiet, bool Header, bool Force)
    {
        /// <summary>Densify a sparse input (--dense).</summary>
        public bool Dense { get; init; }

        /// <summary>The --vocab file, or null.</summary>
        public string? Vocabulary { get; init; }
        /// <summary>--trace FILE.csv, or null.</summary>
        public string? TracePath { get; init; }
        /// <summary>--image-shape HxW (PNG pictures of the components and reconstructions), or null.</summary>
        public Gallery.ImageShape? ImageShape { get; init; }

        /// <summary>--missing and --weights.</summary>
        public MissingArguments Missing { get; init; } = new(null, null);

        public int Execute<T>(NmfOptions options) where T : unmanaged, IFloatingPointIeee754<T>
        {
            string[] outputs = OutDir is null ? [] : [Path.Combine(OutDir, "W.npy"), Path.Combine(OutDir, "H.npy"), Path.Combine(OutDir, "model.json")];
            string[] pictures = Gallery.FitImages.Outputs(ImageShape, OutDir);
            if (!Force)
                foreach (var path in TracePath is null ? [.. outputs, .. pictures] : (string[])[.. outputs, .. pictures, TracePath])
                    if (File.Exists(path)) throw new UsageException($"{path} exists; use --force to overwrite it");
            foreach (var path in TracePath is null ? outputs : [.. outputs, TracePath])
                if (Path.GetFullPath(path) == Path.GetFullPath(Input))
                    throw new UsageException($"{path} is the INPUT file; refusing to overwrite the input");

            string[]? terms = Vocabulary is null ? null : TopTerms.ReadVocabulary(Vocabulary);
            bool sparse = !Dense && MatrixFile.IsSparseFormat(Input);
            NmfResult<T> result;
            bool interrupted;
            int rows, cols;
            Func<int[], Memory.Matrix<T>> originals;
            if (sparse)
            {
                var xs = MatrixFile.ReadSparse<T>(Input);
                (rows, cols) = (xs.Rows, xs.Cols);
                TopTerms.RequireMatchingColumns(terms, Vocabulary, cols);
                ImageShape?.RequireColumns(cols, Input);
                originals = indices => Gallery.SampleRows.Take(xs, indices);
                var observation = Missing.StoredOnly ? Nmf.Fast.Missing.SparseObservation.StoredEntriesOnly : Nmf.Fast.Missing.SparseObservation.ZerosObserved;
                if (Missing.Any && !Missing.StoredOnly) throw new UsageException("--missing nan and --weights need a dense INPUT (or --dense)");
                result = FitWithCtrlC((progress, ct) => NonNegativeMatrixFactorization.Fit(xs, observation, options, progress, ct), options, Input, Quiet, out interrupted);
            }
            else
            {
                var xd = MatrixFile.ReadDense<T>(Input, Header);
                (rows, cols) = (xd.Rows, xd.Cols);
                TopTerms.RequireMatchingColumns(terms, Vocabulary, cols);
                ImageShape?.RequireColumns(cols, Input);
                originals = indices => Gallery.SampleRows.Take(xd, indices);
                var weights = Missing.Any ? Missing.WeightsFor(xd) : null;
                result = FitWithCtrlC((progress, ct) => weights is null
                    ? NonNegativeMatrixFactorization.Fit(xd, options, progress, ct)
                    : NonNegativeMatrixFactorization.Fit(xd, weights, options, progress, ct), options, Input, Quiet, out interrupted);
            }
            var x = (Rows: rows, Cols: cols);
            MissingArguments.PrintWarnings(result);
            if (TracePath is not null) TraceFile.Write(TracePath, result.Trace, overwrite: Force);

            if (OutDir is not null)
            {
                Directory.CreateDirectory(OutDir);
                MatrixFile.WriteNpy(outputs[0], result.W.AsReadOnlyMatrixSpan(), overwrite: Force);
                MatrixFile.WriteNpy(outputs[1], result.H.AsReadOnlyMatrixSpan(), overwrite: Force);
                FitReport.WriteModelJson(outputs[2], result, Input, x.Rows, x.Cols, overwrite: Force);
                if (ImageShape is { } shape) Gallery.FitImages.Write(shape, OutDir, result, originals, overwrite: Force);
            }
            double[]? sparseness = Gallery.SparsenessReport.Of(result.H);
            if (Json)
            {
                JsonOutput.Write(w =>
                {
                    w.WriteString("input", Input);
                    FitReport.WriteFields(w, result, x.Rows, x.Cols);
                    w.WriteBoolean("sparse", sparse);
                    Gallery.SparsenessReport.WriteJson(w, sparseness);
                    if (terms is not null) TopTerms.WriteJson(w, result.H, terms);
                    if (OutDir is not null) w.WriteString("out", OutDir);
                });
            }
            else
            {
                FitReport.PrintSummary(Console.Out, result, Input, x.Rows, x.Cols);
                if (sparse) Console.WriteLine("  sparse input: fitted on the stored entries (use --dense to densify)");
                Console.WriteLine(Gallery.SparsenessReport.Line(sparseness));
                if (terms is not null) TopTerms.Print(Console.Out, result.H, terms);
                if (OutDir is not null) Console.WriteLine($"  wrote {string.Join(", ", [.. outputs, .. pictures])}");
            }
            if (interrupted) Console.Error.WriteLine("nmf: interrupted; the factors so far were kept (marked not converged)");
            return interrupted ? ExitCodes.Interrupted : ExitCodes.Success;
        }
    }

    /// <summary>Fits with Ctrl+C mapped to a clean stop between iterations; option errors are reported against the input file.</summary>
    public static NmfResult<T> FitWithCtrlC<T>(Memory.Matrix<T> x, NmfOptions options, string input, bool quiet)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        FitWithCtrlC((progress, ct) => NonNegativeMatrixFactorization.Fit(x, options, progress, ct), options, input, quiet, out _);

    /// <summary>As above for any fit call (dense or sparse X); <paramref name="interrupted"/> says whether Ctrl+C stopped the
    /// fit (exit code 130). Progress goes to stderr only when it is a terminal.</summary>
    public static NmfResult<T> FitWithCtrlC<T>(Func<IProgress<NmfProgress>?, CancellationToken, NmfResult<T>> fit, NmfOptions options, string input, bool quiet, out bool interrupted)
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
            var result = fit(progress, cts.Token);
            interrupted = cts.IsCancellationRequested;
            return result;
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{input}: {Messages.WithoutParameter(e)}");
        }
        catch (NotSupportedException e)
        {
            throw new UsageException($"{input}: {e.Message}");
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
