// Renders a comparison as DIR/report.md: machine, versions, settings, the results table, stopping rules, caveats, plots.
using System.Text;

namespace Nmf.Fast.Cli.Compare;

internal static class ReportWriter
{
    /// <summary>The whole Markdown report; <paramref name="plots"/> are file names (relative to the report) to embed.</summary>
    public static string Render(CompareOutcome outcome, IReadOnlyList<string> plots)
    {
        var s = outcome.Settings;
        var md = new StringBuilder();
        md.AppendLine($"# nmf compare: {Path.GetFileName(s.Input)} ({outcome.Rows}×{outcome.Cols}{Storage(outcome)}, rank {s.Rank}, {s.DTypeName})");
        md.AppendLine();
        md.AppendLine(ReportFormat.F($"Run {outcome.StartedUtc:yyyy-MM-dd HH:mm} UTC with `{s.CommandLine}`."));
        md.AppendLine();
        md.AppendLine("Every library gets the same X, the same number of iterations with its own stopping rule disabled, the same");
        md.AppendLine("thread count, and has its error measured the same way: ‖X − WH‖_F / ‖X‖_F from the factors it returns.");
        md.AppendLine("Compare the columns at equal iterations (error after N) and at equal error (time to target), not at each");
        md.AppendLine("library's own stopping point.");
        md.AppendLine();

        md.AppendLine("## Results");
        md.AppendLine();
        md.Append(ResultsTable(outcome));
        md.AppendLine();
        md.AppendLine(ReportFormat.F($"Target error = {TargetError.Slack:0.00} × the best final error of all runs = **{ReportFormat.Error(outcome.TargetRelativeError)}**. "));
        md.AppendLine(ReportFormat.F($"Error of the shared start W₀H₀: {ReportFormat.Error(outcome.InitialRelativeError)}. "));
        md.AppendLine(ReportFormat.F($"Time per iteration = median over {s.Repeats} repeats of the wall time of one whole fit call of {s.MaxIterations} iterations, divided by {s.MaxIterations} (setup and final error included, as a user would see it). "));
        if (s.Repeats > 1)
            md.AppendLine(ReportFormat.F($"The repeats ran as {s.Repeats} interleaved rounds: each round timed every Nmf.Fast solver once, then ran each peer once in a fresh process, so a busy minute of the machine falls on every library alike. "));
        md.AppendLine("Time to target = the time of the first traced iteration count whose error is at or below the target (no interpolation).");
        md.AppendLine();

        var notes = outcome.Runs.Where(r => r.Note is not null).ToList();
        if (notes.Count > 0 || outcome.Notes.Count > 0)
        {
            md.AppendLine("Notes:");
            foreach (var note in outcome.Notes) md.AppendLine($"- {note}");
            foreach (var run in notes) md.AppendLine($"- **{run.Label}** ({ReportFormat.Status(run.Status)}): {run.Note}");
            md.AppendLine();
        }

        if (plots.Count > 0)
        {
            md.AppendLine("## Plots");
            md.AppendLine();
            foreach (var plot in plots) md.AppendLine($"![{Path.GetFileNameWithoutExtension(plot).Replace('_', ' ')}]({plot})");
            md.AppendLine();
        }

        md.AppendLine("## What was equal and what was not");
        md.AppendLine();
        md.AppendLine("| run | starting point | stopping rule, and how it is disabled here | loss trace |");
        md.AppendLine("|---|---|---|---|");
        foreach (var run in outcome.Runs.Where(r => r.Status != RunStatus.Skipped))
            md.AppendLine($"| {ReportFormat.Cell(run.Label)} | {ReportFormat.Cell(run.StartingPoint)} | {ReportFormat.Cell(run.StoppingRule)} | {ReportFormat.Cell(run.TraceMethod)} |");
        md.AppendLine();
        md.AppendLine(ReportFormat.F($"- Equal for all: X ({XFiles(outcome)}), rank {s.Rank}, {s.MaxIterations} iterations, {s.Threads} thread(s), {s.Repeats} timed repeats after an untimed warm-up (2 iterations for the peers; one whole fit for Nmf.Fast, whose JIT tiers up hot loops only after they have run a while), no regularisation, Frobenius loss, the error formula."));
        md.AppendLine(ReportFormat.F($"- Shared start: W₀ and H₀ = scikit-learn's init='{InitName(s.Init)}' with random_state={s.Seed} (reproduced bit-exactly by Nmf.Fast), written once as `w0.npy` and `h0.npy` (float64) and read by every peer."));
        md.AppendLine(ReportFormat.F($"- Precision: {s.DTypeName} for Nmf.Fast and scikit-learn{(s.Float32 ? "; RcppML works in float64 only" : "; RcppML is float64 too")}."));
        md.AppendLine("- Peak memory is the high-water mark of resident memory (VmHWM) of the process that ran the fits; see the per-run method below. It includes each process's runtime and its copy of X, so compare it across libraries as an order of magnitude.");
        md.AppendLine();

        md.AppendLine("## Machine, versions and threads");
        md.AppendLine();
        var m = outcome.Machine;
        md.AppendLine(ReportFormat.F($"- CPU: {m.Cpu}, {m.LogicalCores} logical cores; {m.OperatingSystem}; load average at start {m.LoadAverage} (1/5/15 min; above the core count, timings are noisy)"));
        md.AppendLine(ReportFormat.F($"- Nmf.Fast {m.NmfFastVersion} on {m.Runtime}, SIMD {m.Simd}, MaxDegreeOfParallelism = {s.Threads}"));
        md.AppendLine(ReportFormat.F($"- Peer environment: OMP_NUM_THREADS = OPENBLAS_NUM_THREADS = MKL_NUM_THREADS = RcppMLthreads = {s.Threads}; {PeerEnvironment.Describe(s)}"));
        foreach (var group in outcome.Runs.Where(r => r.Library != "Nmf.Fast" && r.Info.Count > 0).GroupBy(r => r.Library))
        {
            var info = group.First().Info.Select(kv => $"{kv.Key} {kv.Value}").Distinct();
            md.AppendLine($"- {group.Key}: {string.Join("; ", info)}");
        }
        md.AppendLine();
        md.AppendLine("Peak memory, by run:");
        md.AppendLine();
        foreach (var run in outcome.Runs.Where(r => r.PeakRssBytes is not null))
            md.AppendLine($"- {run.Label}: {ReportFormat.Memory(run.PeakRssBytes)}: {run.MemoryMethod}{NfInfo(run)}");
        md.AppendLine();
        md.AppendLine("Every number is in `results.json`.");
        return md.ToString();
    }

    /// <summary>The results table: one row per run, skipped and failed runs included with their status.</summary>
    public static string ResultsTable(CompareOutcome outcome)
    {
        var s = outcome.Settings;
        var md = new StringBuilder();
        md.AppendLine(ReportFormat.F($"| library | method | start | status | time / iteration | error after {s.MaxIterations} it. | iterations to target | time to target | peak RSS |"));
        md.AppendLine("|---|---|---|---|---:|---:|---:|---:|---:|");
        foreach (var run in outcome.Runs)
        {
            bool ok = run.Status == RunStatus.Ok;
            var reach = ok ? TargetError.FirstReach(run.Trace, outcome.TargetRelativeError) : null;
            string iterationsToTarget = !ok ? ReportFormat.None : reach is { } p ? p.Iteration.ToString(System.Globalization.CultureInfo.InvariantCulture) : "not reached";
            string timeToTarget = !ok ? ReportFormat.None : reach is { } q ? ReportFormat.Duration(q.Seconds) : "not reached";
            string error = run.Status is RunStatus.Ok or RunStatus.NonFinite ? ReportFormat.Error(run.FinalRelativeError) : ReportFormat.None;
            md.AppendLine(string.Join(" | ",
                "| " + ReportFormat.Cell(run.Library),
                ReportFormat.Cell(run.Method),
                run.SharedStart ? "shared" : "own",
                ReportFormat.Status(run.Status),
                ReportFormat.Milliseconds(run.SecondsPerIteration),
                error,
                iterationsToTarget,
                timeToTarget,
                ReportFormat.Memory(run.PeakRssBytes)) + " |");
        }
        return md.ToString();
    }

    private static string NfInfo(LibraryRun run)
    {
        var alloc = run.Info.FirstOrDefault(kv => kv.Key == "managed allocation per fit");
        return alloc.Value is null ? "" : $" (managed allocation per fit: {alloc.Value})";
    }

    /// <summary>", sparse: nnz stored (d %)" for a sparse X; empty for a dense one.</summary>
    internal static string Storage(CompareOutcome outcome) => outcome.NonZeros is { } nnz
        ? ReportFormat.F($", sparse: {nnz} stored = {100.0 * nnz / Math.Max(1.0, (double)outcome.Rows * outcome.Cols):0.###}%")
        : "";

    private static string XFiles(CompareOutcome outcome) => outcome.NonZeros is null
        ? "written once as float64 `x.npy`"
        : "sparse, written once as a float64 SciPy CSR `x.npz` and fitted as a sparse matrix by every library: Nmf.Fast's CsrMatrix, a scipy.sparse CSR matrix for scikit-learn, a Matrix dgCMatrix for RcppML; no library densifies it";

    private static string InitName(NmfInit init) => init.ToString().ToLowerInvariant();
}
