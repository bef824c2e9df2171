// Runs a whole comparison: reads X (dense, or sparse kept CSR), writes the shared start, runs Nmf.Fast in-process and each peer, then the outputs.

namespace Nmf.Fast.Cli.Compare;

internal static class CompareOrchestrator
{
    /// <summary>
    /// Runs every library in <paramref name="settings"/> and writes report.md, results.json and the plots into the
    /// output folder. Peers that are missing or fail are recorded as such; only bad input throws.
    /// </summary>
    /// <exception cref="ArgumentException">X is empty, negative or not finite, or the rank does not fit it.</exception>
    public static CompareOutcome Run(CompareSettings settings, TextWriter log)
    {
        var started = DateTime.UtcNow;
        var x = CompareInput.Read(settings.Input);
        RequireValid(x, settings);
        var outcome = new CompareOutcome
        {
            Settings = settings,
            Machine = MachineInfo.Current(),
            Rows = x.Rows,
            Cols = x.Cols,
            NonZeros = x.NonZeros,
            StartedUtc = started,
        };

        string dir = settings.OutputDirectory;
        Directory.CreateDirectory(dir);
        var (w0, h0) = ProblemFiles.StartingPoint(x, settings.Rank, settings.Init, settings.Seed, settings.Threads);
        var files = ProblemFiles.Write(dir, x, w0, h0);
        outcome.InitialRelativeError = x.RelativeErrorOf(w0.AsReadOnlyMatrixSpan(), h0.AsReadOnlyMatrixSpan());

        foreach (var solver in settings.Solvers)
        {
            log.WriteLine($"nmf compare: Nmf.Fast {NmfFastRunner.MethodName(solver)}, {settings.Repeats} × {settings.MaxIterations} iterations …");
            var run = NmfFastRunner.Run(x, w0, h0, solver, settings);
            log.WriteLine($"  {run.Label}: {ReportFormat.Status(run.Status)} {ReportFormat.Milliseconds(run.SecondsPerIteration)}/iteration, error {ReportFormat.Error(run.FinalRelativeError)}{(run.Note is null ? "" : " — " + run.Note)}");
            outcome.Runs.Add(run);
        }

        string scripts = Path.Combine(dir, "peers");
        foreach (var name in settings.Peers)
        {
            var peer = name switch
            {
                "sklearn" => PeerDefinition.Sklearn(settings),
                "rcppml" => PeerDefinition.Rcppml(settings),
                _ => throw new ArgumentException($"unknown peer '{name}' (expected sklearn or rcppml)"),
            };
            string script = PeerScripts.Extract(peer.Script, scripts);
            outcome.Runs.AddRange(PeerRunner.Run(peer, settings, files, x, script, Path.Combine(dir, "factors"), log));
        }

        outcome.TargetRelativeError = TargetError.Of(outcome.Runs);
        WriteOutputs(outcome, dir);
        return outcome;
    }

    /// <summary>Writes report.md, results.json and the plots for <paramref name="outcome"/> into <paramref name="directory"/>.</summary>
    public static void WriteOutputs(CompareOutcome outcome, string directory)
    {
        Directory.CreateDirectory(directory);
        IReadOnlyList<string> plots = [];
        try
        {
            plots = ComparePlots.Write(outcome, directory);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or IOException or UnauthorizedAccessException)
        {
            // Measurements are worth more than charts: a missing libSkiaSharp.so must not lose them.
            outcome.Notes.Add($"Charts were not drawn ({e.GetType().Name}: {e.Message}); a native-AOT nmf needs libSkiaSharp.so and libHarfBuzzSharp.so beside it.");
        }
        File.WriteAllText(Path.Combine(directory, "results.json"), ResultsJson.Write(outcome));
        File.WriteAllText(Path.Combine(directory, "report.md"), ReportWriter.Render(outcome, plots));
    }

    private static void RequireValid(CompareInput x, CompareSettings settings)
    {
        if (x.Rows == 0 || x.Cols == 0) throw new ArgumentException($"{settings.Input}: X is {x.Rows}×{x.Cols}; it needs at least one row and one column.");
        if (settings.Rank > Math.Min(x.Rows, x.Cols) && settings.Init != NmfInit.Random)
            throw new ArgumentException($"--rank {settings.Rank} exceeds min(m, n) = {Math.Min(x.Rows, x.Cols)} of the {x.Rows}×{x.Cols} X, which init {settings.Init} needs.");
        if (x.FirstInvalidEntry() is { } bad)
            throw new ArgumentException($"{settings.Input}: X[{bad.Row}, {bad.Col}] = {bad.Value}; X must be non-negative and finite.");
    }
}
