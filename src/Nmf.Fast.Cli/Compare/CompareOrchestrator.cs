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

        // The repeats run as rounds: each round times every Nmf.Fast solver once, then each peer once (CompareRounds).
        int rounds = settings.Repeats;
        var round = settings with { Repeats = 1 };
        var peers = settings.Peers.Select(name => name switch
        {
            "sklearn" => PeerDefinition.Sklearn(settings),
            "rcppml" => PeerDefinition.Rcppml(settings),
            _ => throw new ArgumentException($"unknown peer '{name}' (expected sklearn or rcppml)"),
        }).ToList();
        string scripts = Path.Combine(dir, "peers");
        var nmfRounds = settings.Solvers.Select(_ => new List<LibraryRun>()).ToList();
        var peerRounds = peers.Select(_ => new List<List<LibraryRun>>()).ToList();
        for (int r = 1; r <= rounds; r++)
        {
            string which = rounds > 1 ? $" (round {r} of {rounds})" : "";
            for (int s = 0; s < settings.Solvers.Count; s++)
            {
                var solver = settings.Solvers[s];
                if (r > 1 && nmfRounds[s][0].Status == RunStatus.Skipped) continue;
                log.WriteLine($"nmf compare: Nmf.Fast {NmfFastRunner.MethodName(solver)}, {settings.MaxIterations} iterations{which} …");
                var run = NmfFastRunner.Run(x, w0, h0, solver, round, warmUp: r == 1);
                log.WriteLine($"  {run.Label}: {ReportFormat.Status(run.Status)} {ReportFormat.Milliseconds(run.SecondsPerIteration)}/iteration, error {ReportFormat.Error(run.FinalRelativeError)}{(run.Note is null ? "" : " — " + run.Note)}");
                nmfRounds[s].Add(run);
            }
            for (int p = 0; p < peers.Count; p++)
            {
                // A peer that could not start, or is not installed, is not tried again.
                if (r > 1 && peerRounds[p][0].All(run => run.Status == RunStatus.Skipped)) continue;
                string script = PeerScripts.Extract(peers[p].Script, scripts);
                peerRounds[p].Add(PeerRunner.Run(peers[p], round, files, x, script, Path.Combine(dir, "factors"), log, withTrace: r == 1));
            }
        }
        outcome.Runs.AddRange(nmfRounds.Select(runs => CompareRounds.Merge(runs, ownProcesses: false)));
        foreach (var perRound in peerRounds)
            for (int v = 0; v < perRound[0].Count; v++)
                outcome.Runs.Add(CompareRounds.Merge(perRound.Select(runs => runs[v]).ToList(), ownProcesses: true));

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
