// `nmf pca INPUT --rank K [--out DIR] [--image-shape HxW]`: the PCA baseline of the gallery, with explained variance and sparseness.
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Nmf.Fast.Analysis;
using Nmf.Fast.Cli.Commands;
using Nmf.Fast.Cli.Infrastructure;
using Nmf.Fast.IO;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Cli.Gallery;

internal static class PcaCommand
{
    public const string Help = """
        nmf pca INPUT --rank K [--out DIR] [--image-shape HxW] [--seed S (0)] [--threads T] [--dtype float32|float64]
                [--header] [--json] [--force]
          Principal components of the rows of INPUT (.npy, .csv, or .mtx/.npz densified): the truncated SVD of the
          column-centred X, by the randomized SVD of the NNDSVD init (as scikit-learn's PCA(svd_solver="randomized")).
          Prints explained variance, the relative error ‖X − (mean + scores·components)‖/‖X‖ and the Hoyer sparseness
          of each component, to compare with an NMF basis of the same rank.
          --out DIR                write DIR/components.npy (k×n), DIR/scores.npy (m×k), DIR/mean.npy (1×n)
        """ + "\n" + FitImages.HelpLine;

    public static int Run(string[] args)
    {
        var cl = CommandLine.Parse(args, "json", "header", "force", "debug", "help");
        if (cl.Flag("help"))
        {
            Console.WriteLine(Help);
            return ExitCodes.Success;
        }
        if (cl.Positional.Count != 1)
            throw new UsageException(cl.Positional.Count == 0 ? "pca needs an INPUT file (.npy, .csv, .mtx or .npz)" : $"pca takes one INPUT file, got {cl.Positional.Count}");
        if (cl.String("rank") is null) throw new UsageException("option --rank is required");
        var run = new PcaRun(cl.Positional[0], cl.Int("rank", 0, 1), cl.Int("seed", 0, 0), cl.Int("threads", -1, 1), cl.String("out"),
            ImageShape.Parse(cl.String("image-shape")), cl.Flag("json"), cl.Flag("header"), cl.Flag("force"));
        cl.Flag("debug");
        bool f32 = FitArguments.IsFloat32(cl);
        cl.EnsureAllUsed();
        return f32 ? run.Execute<float>() : run.Execute<double>();
    }

    private sealed record PcaRun(string Input, int Rank, int Seed, int Threads, string? OutDir, ImageShape? Shape, bool Json, bool Header, bool Force)
    {
        public int Execute<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            string[] arrays = OutDir is null ? [] : [Path.Combine(OutDir, "components.npy"), Path.Combine(OutDir, "scores.npy"), Path.Combine(OutDir, "mean.npy")];
            string[] outputs = [.. arrays, .. FitImages.Outputs(Shape, OutDir)];
            foreach (var path in outputs)
            {
                if (!Force && File.Exists(path)) throw new UsageException($"{path} exists; use --force to overwrite it");
                if (Path.GetFullPath(path) == Path.GetFullPath(Input)) throw new UsageException($"{path} is the INPUT file; refusing to overwrite the input");
            }
            var x = MatrixFile.ReadDense<T>(Input, Header);
            Shape?.RequireColumns(x.Cols, Input);
            var clock = Stopwatch.StartNew();
            PcaResult<T> pca;
            try
            {
                pca = PrincipalComponents.Fit(x, Rank, Seed, Threads);
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"{Input}: {Messages.WithoutParameter(e)}");
            }
            clock.Stop();
            double[]? sparseness = SparsenessReport.Of(pca.Components);

            if (OutDir is not null)
            {
                Directory.CreateDirectory(OutDir);
                MatrixFile.WriteNpy(arrays[0], pca.Components.AsReadOnlyMatrixSpan(), overwrite: Force);
                MatrixFile.WriteNpy(arrays[1], pca.Scores.AsReadOnlyMatrixSpan(), overwrite: Force);
                MatrixFile.WriteNpy(arrays[2], pca.Mean.AsReadOnlyMatrixSpan(), overwrite: Force);
                if (Shape is { } shape)
                {
                    var paths = GalleryImages.Paths(OutDir);
                    GalleryImages.WriteComponents(paths[0], pca.Components, shape, Force);
                    int[] rows = GalleryImages.SampleRows(x.Rows);
                    var back = pca.InverseTransform(SampleRows.Take(pca.Scores, rows).AsReadOnlyMatrixSpan());
                    GalleryImages.WriteReconstructions(paths[1], SampleRows.Take(x, rows), back, shape, Force);
                }
            }

            if (Json)
            {
                JsonOutput.Write(w =>
                {
                    w.WriteString("input", Input);
                    w.WriteNumber("rows", x.Rows);
                    w.WriteNumber("cols", x.Cols);
                    w.WriteNumber("rank", pca.Rank);
                    w.WriteString("method", "pca");
                    w.WriteNumber("seed", Seed);
                    w.WriteString("dtype", typeof(T) == typeof(float) ? "float32" : "float64");
                    w.WriteNumber("seconds", clock.Elapsed.TotalSeconds);
                    w.WriteNumber("relative_error", pca.RelativeError);
                    WriteArray(w, "singular_values", pca.SingularValues);
                    WriteArray(w, "explained_variance", pca.ExplainedVariance);
                    WriteArray(w, "explained_variance_ratio", pca.ExplainedVarianceRatio);
                    w.WriteNumber("explained_variance_ratio_total", pca.ExplainedVarianceRatio.Sum());
                    SparsenessReport.WriteJson(w, sparseness);
                    if (OutDir is not null)
                    {
                        w.WriteString("out", OutDir);
                        w.WriteStartArray("files");
                        foreach (var path in outputs) w.WriteStringValue(path);
                        w.WriteEndArray();
                    }
                });
            }
            else
            {
                string dtype = typeof(T) == typeof(float) ? "float32" : "float64";
                Console.WriteLine($"nmf pca: {Input}: X {x.Rows}×{x.Cols} ({dtype}), {pca.Rank} components in {clock.Elapsed.TotalSeconds:F3} s");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  explained variance {pca.ExplainedVarianceRatio.Sum():P1} of the total; relative error ‖X − X̂‖/‖X‖ = {pca.RelativeError:G6}"));
                Console.WriteLine(SparsenessReport.Line(sparseness));
                if (OutDir is not null) Console.WriteLine($"  wrote {string.Join(", ", outputs)}");
            }
            return ExitCodes.Success;
        }

        private static void WriteArray(System.Text.Json.Utf8JsonWriter w, string name, IReadOnlyList<double> values)
        {
            w.WriteStartArray(name);
            foreach (double v in values) w.WriteNumberValue(v);
            w.WriteEndArray();
        }
    }
}
