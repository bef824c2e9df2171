// Runs one peer script as an external process and turns its output into one LibraryRun per variant.
using System.Globalization;
using Nmf.Fast.IO;

namespace Nmf.Fast.Cli.Compare;

internal static class PeerRunner
{
    private const string MemoryMethod =
        "VmHWM of the peer process, read by the peer from /proc/self/status at exit (one process per round runs all of this peer's variants, and holds its own copy of X; the highest over the rounds)";

    /// <summary>
    /// Runs <paramref name="peer"/> on the shared files. Never throws for a peer's own problems: a missing
    /// interpreter or library gives Skipped runs, a crash or bad output Failed runs, NaN factors NonFinite runs.
    /// Without <paramref name="withTrace"/> the peer skips its trace re-runs (a later round of an interleaved comparison).
    /// </summary>
    public static List<LibraryRun> Run(PeerDefinition peer, CompareSettings settings, ProblemFiles files, CompareInput x,
        string scriptPath, string factorDirectory, TextWriter log, bool withTrace = true)
    {
        var runs = peer.Variants.Select(v => NewRun(peer, v, settings)).ToList();
        if (runs.Count == 0) return runs;
        Directory.CreateDirectory(factorDirectory);
        var schedule = withTrace ? IterationSchedule.Geometric(settings.MaxIterations) : [];
        var args = new List<string>
        {
            scriptPath,
            "--x", files.X, "--w0", files.W0, "--h0", files.H0,
            "--max-iter", Invariant(settings.MaxIterations),
            "--repeats", Invariant(settings.Repeats),
            "--threads", Invariant(settings.Threads),
            "--dtype", settings.DTypeName,
            "--schedule", string.Join(',', schedule.Select(Invariant)),
            "--out", factorDirectory,
            peer.VariantArgument, string.Join(',', peer.Variants.Select(v => v.Key)),
        };
        log.WriteLine($"nmf compare: running {peer.Library} ({string.Join(", ", peer.Variants.Select(v => v.Method))}) with {peer.Interpreter} …");
        var result = PeerProcess.Run(peer.Interpreter, args, PeerEnvironment.For(settings), settings.PeerTimeout,
            line => { if (line.StartsWith("run\t", StringComparison.Ordinal) || line.StartsWith("failed\t", StringComparison.Ordinal)) log.WriteLine($"  {peer.Name}: {line.Replace('\t', ' ')}"); });
        Interpret(peer, result, x, runs);
        return runs;
    }

    /// <summary>Fills <paramref name="runs"/> (one per variant, in order) from what the process did.</summary>
    internal static void Interpret(PeerDefinition peer, PeerProcessResult result, CompareInput x, List<LibraryRun> runs)
    {
        if (!result.Started)
        {
            SetAll(runs, RunStatus.Skipped, $"{peer.Library} skipped: {result.StartError} (install the interpreter or point nmf compare at it)");
            return;
        }
        var output = PeerOutput.Parse(result.Lines);
        if (output.Missing is not null)
        {
            SetAll(runs, RunStatus.Skipped, $"{peer.Library} skipped: not installed for {peer.Interpreter} ({output.Missing})");
            return;
        }
        for (int i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            run.Info.AddRange(output.Info);
            if (output.PeakRssKib is { } kib) run.PeakRssBytes = kib * 1024;
            output.Variants.TryGetValue(peer.Variants[i].Key, out var variant);
            Fill(run, variant, result, output, x);
        }
    }

    private static void Fill(LibraryRun run, PeerVariantOutput? variant, PeerProcessResult result, PeerOutput output, CompareInput x)
    {
        if (variant?.Failure is { } failure)
        {
            Fail(run, $"the peer reported: {failure}");
            return;
        }
        if (variant is null || variant.Repeats.Count == 0)
        {
            string why = result.TimedOut ? "timed out" : $"exited with code {result.ExitCode}";
            string detail = result.StderrTail.Length > 0 ? result.StderrTail : string.Join(" | ", output.Unparsed.TakeLast(5));
            Fail(run, $"no results: the peer {why}{(detail.Length > 0 ? ": " + LastLines(detail, 3) : "")}");
            return;
        }

        run.Iterations = variant.Repeats[0].Iterations;
        foreach (var r in variant.Repeats) run.RepeatSeconds.Add(r.Seconds);
        foreach (var t in variant.Trace.OrderBy(t => t.Iterations))
            run.Trace.Add(new TracePoint(t.Iterations, t.Seconds, t.RelativeError));
        double medianSeconds = Statistics.Median(run.RepeatSeconds);

        // The final error from the factors the peer wrote, by the same routine as for every library.
        double final = variant.Repeats[^1].RelativeError;
        if (variant.WPath is not null && variant.HPath is not null)
        {
            try
            {
                var w = MatrixFile.ReadDense<double>(variant.WPath);
                var h = MatrixFile.ReadDense<double>(variant.HPath);
                final = x.RelativeErrorOf(w.AsReadOnlyMatrixSpan(), h.AsReadOnlyMatrixSpan());
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
            {
                Fail(run, $"its factors could not be read: {e.Message}");
                return;
            }
        }
        else
        {
            run.Note = "no factor files: the final error is the one the peer computed";
        }
        run.FinalRelativeError = final;
        if (run.Trace.Count == 0 || run.Trace[^1].Iteration < run.Iterations)
            run.Trace.Add(new TracePoint(run.Iterations, medianSeconds, final));

        if (!double.IsFinite(final) || run.Trace.Any(t => !double.IsFinite(t.RelativeError)))
        {
            run.Status = RunStatus.NonFinite;
            run.Note = "returned non-finite factors or errors (NaN or infinity)";
        }
        else if (result.ExitCode != 0)
        {
            run.Note = $"the peer exited with code {result.ExitCode} after reporting these results";
        }
    }

    private static LibraryRun NewRun(PeerDefinition peer, PeerVariant v, CompareSettings settings) => new()
    {
        Library = peer.Library,
        Method = v.Method,
        StartingPoint = v.StartingPoint,
        SharedStart = v.SharedStart,
        StoppingRule = v.StoppingRule,
        TraceMethod = v.TraceMethod,
        TraceByReruns = v.TraceByReruns,
        MemoryMethod = MemoryMethod,
        Iterations = settings.MaxIterations,
    };

    private static void SetAll(List<LibraryRun> runs, RunStatus status, string note)
    {
        foreach (var run in runs)
        {
            run.Status = status;
            run.Note = note;
        }
    }

    private static void Fail(LibraryRun run, string note)
    {
        run.Status = RunStatus.Failed;
        run.Note = note;
        run.Trace.Clear();
        run.RepeatSeconds.Clear();
    }

    private static string LastLines(string text, int count) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(count));

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
