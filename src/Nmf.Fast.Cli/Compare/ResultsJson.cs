// DIR/results.json: every number of a comparison, written and read back without reflection (AOT-safe).
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Nmf.Fast.Cli.Compare;

/// <summary>
/// Writes and reads <see cref="CompareOutcome"/> as JSON. Non-finite numbers are written as null and read back as
/// NaN. Derived values (seconds per iteration, time to target) are written for readers but recomputed on reading.
/// </summary>
internal static class ResultsJson
{
    /// <summary>The JSON text of <paramref name="outcome"/>.</summary>
    public static string Write(CompareOutcome outcome)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("tool", "nmf compare");
            w.WriteString("started_utc", outcome.StartedUtc.ToString("o", CultureInfo.InvariantCulture));
            WriteSettings(w, outcome.Settings);
            w.WriteStartObject("problem");
            w.WriteNumber("rows", outcome.Rows);
            w.WriteNumber("cols", outcome.Cols);
            if (outcome.NonZeros is { } nnz) w.WriteNumber("nonzeros", nnz);
            else w.WriteNull("nonzeros");
            Number(w, "initial_relative_error", outcome.InitialRelativeError);
            w.WriteEndObject();
            var m = outcome.Machine;
            w.WriteStartObject("machine");
            w.WriteString("cpu", m.Cpu);
            w.WriteNumber("logical_cores", m.LogicalCores);
            w.WriteString("os", m.OperatingSystem);
            w.WriteString("runtime", m.Runtime);
            w.WriteString("nmf_fast_version", m.NmfFastVersion);
            w.WriteString("simd", m.Simd);
            w.WriteString("load_average", m.LoadAverage);
            w.WriteEndObject();
            Number(w, "target_relative_error", outcome.TargetRelativeError);
            w.WriteStartArray("runs");
            foreach (var run in outcome.Runs) WriteRun(w, run, outcome.TargetRelativeError);
            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (var note in outcome.Notes) w.WriteStringValue(note);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Writes the summary object of `nmf compare --json`: one entry per run, the table's numbers.</summary>
    public static void WriteSummary(Utf8JsonWriter w, CompareOutcome outcome, string outputDirectory)
    {
        w.WriteString("report", Path.Combine(outputDirectory, "report.md"));
        w.WriteString("results", Path.Combine(outputDirectory, "results.json"));
        w.WriteNumber("rows", outcome.Rows);
        w.WriteNumber("cols", outcome.Cols);
        w.WriteNumber("rank", outcome.Settings.Rank);
        w.WriteNumber("iterations", outcome.Settings.MaxIterations);
        w.WriteNumber("threads", outcome.Settings.Threads);
        w.WriteString("dtype", outcome.Settings.DTypeName);
        Number(w, "target_relative_error", outcome.TargetRelativeError);
        w.WriteStartArray("runs");
        foreach (var run in outcome.Runs)
        {
            w.WriteStartObject();
            WriteRunSummary(w, run, outcome.TargetRelativeError);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    /// <exception cref="JsonException">The text is not valid JSON.</exception>
    /// <exception cref="InvalidDataException">A required property is missing or has the wrong type.</exception>
    public static CompareOutcome Read(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        try
        {
            var settings = ReadSettings(root.GetProperty("settings"));
            var problem = root.GetProperty("problem");
            var machine = root.GetProperty("machine");
            var outcome = new CompareOutcome
            {
                Settings = settings,
                Rows = problem.GetProperty("rows").GetInt32(),
                Cols = problem.GetProperty("cols").GetInt32(),
                NonZeros = problem.TryGetProperty("nonzeros", out var nnz) && nnz.ValueKind != JsonValueKind.Null ? nnz.GetInt64() : null, // absent in files written before sparse fits
                StartedUtc = DateTime.Parse(root.GetProperty("started_utc").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                Machine = new MachineInfo(Str(machine, "cpu"), machine.GetProperty("logical_cores").GetInt32(), Str(machine, "os"),
                    Str(machine, "runtime"), Str(machine, "nmf_fast_version"), Str(machine, "simd"),
                    machine.TryGetProperty("load_average", out var load) ? load.GetString() ?? "unknown" : "unknown"),
                InitialRelativeError = Num(problem, "initial_relative_error"),
                TargetRelativeError = Num(root, "target_relative_error"),
            };
            foreach (var r in root.GetProperty("runs").EnumerateArray()) outcome.Runs.Add(ReadRun(r));
            foreach (var note in root.GetProperty("notes").EnumerateArray()) outcome.Notes.Add(note.GetString()!);
            return outcome;
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"results.json is not in the format nmf compare writes: {e.Message}", e);
        }
    }

    private static void WriteSettings(Utf8JsonWriter w, CompareSettings s)
    {
        w.WriteStartObject("settings");
        w.WriteString("command_line", s.CommandLine);
        w.WriteString("input", s.Input);
        w.WriteString("output_directory", s.OutputDirectory);
        w.WriteNumber("rank", s.Rank);
        w.WriteStartArray("solvers");
        foreach (var solver in s.Solvers) w.WriteStringValue(solver == NmfSolver.Hals ? "hals" : "mu");
        w.WriteEndArray();
        w.WriteStartArray("peers");
        foreach (var peer in s.Peers) w.WriteStringValue(peer);
        w.WriteEndArray();
        w.WriteNumber("max_iterations", s.MaxIterations);
        w.WriteNumber("repeats", s.Repeats);
        w.WriteNumber("threads", s.Threads);
        w.WriteString("dtype", s.DTypeName);
        w.WriteString("init", s.Init.ToString().ToLowerInvariant());
        w.WriteNumber("seed", s.Seed);
        if (s.OpenBlasCoreType is null) w.WriteNull("openblas_coretype");
        else w.WriteString("openblas_coretype", s.OpenBlasCoreType);
        w.WriteString("python", s.Python);
        w.WriteString("rscript", s.Rscript);
        w.WriteNumber("peer_timeout_seconds", s.PeerTimeout.TotalSeconds);
        w.WriteEndObject();
    }

    private static CompareSettings ReadSettings(JsonElement e) => new()
    {
        CommandLine = Str(e, "command_line"),
        Input = Str(e, "input"),
        OutputDirectory = Str(e, "output_directory"),
        Rank = e.GetProperty("rank").GetInt32(),
        Solvers = e.GetProperty("solvers").EnumerateArray().Select(v => v.GetString() == "hals" ? NmfSolver.Hals : NmfSolver.MultiplicativeUpdate).ToList(),
        Peers = e.GetProperty("peers").EnumerateArray().Select(v => v.GetString()!).ToList(),
        MaxIterations = e.GetProperty("max_iterations").GetInt32(),
        Repeats = e.GetProperty("repeats").GetInt32(),
        Threads = e.GetProperty("threads").GetInt32(),
        Float32 = Str(e, "dtype") == "float32",
        Init = Enum.Parse<NmfInit>(Str(e, "init"), ignoreCase: true),
        Seed = e.GetProperty("seed").GetInt32(),
        OpenBlasCoreType = e.GetProperty("openblas_coretype").ValueKind == JsonValueKind.Null ? null : Str(e, "openblas_coretype"),
        Python = Str(e, "python"),
        Rscript = Str(e, "rscript"),
        PeerTimeout = TimeSpan.FromSeconds(e.GetProperty("peer_timeout_seconds").GetDouble()),
    };

    private static void WriteRun(Utf8JsonWriter w, LibraryRun run, double target)
    {
        w.WriteStartObject();
        WriteRunSummary(w, run, target);
        w.WriteString("starting_point", run.StartingPoint);
        w.WriteBoolean("shared_start", run.SharedStart);
        w.WriteString("stopping_rule", run.StoppingRule);
        w.WriteString("trace_method", run.TraceMethod);
        w.WriteBoolean("trace_by_reruns", run.TraceByReruns);
        w.WriteString("memory_method", run.MemoryMethod);
        w.WriteStartArray("repeat_seconds");
        foreach (double v in run.RepeatSeconds) NumberValue(w, v);
        w.WriteEndArray();
        w.WriteStartArray("info");
        foreach (var (key, value) in run.Info)
        {
            w.WriteStartArray();
            w.WriteStringValue(key);
            w.WriteStringValue(value);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteStartArray("trace");
        foreach (var p in run.Trace)
        {
            w.WriteStartObject();
            w.WriteNumber("iteration", p.Iteration);
            Number(w, "seconds", p.Seconds);
            Number(w, "relative_error", p.RelativeError);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRunSummary(Utf8JsonWriter w, LibraryRun run, double target)
    {
        w.WriteString("library", run.Library);
        w.WriteString("method", run.Method);
        w.WriteString("status", ReportFormat.Status(run.Status));
        if (run.Note is null) w.WriteNull("note");
        else w.WriteString("note", run.Note);
        w.WriteNumber("iterations", run.Iterations);
        Number(w, "seconds_per_iteration", run.SecondsPerIteration);
        Number(w, "final_relative_error", run.FinalRelativeError);
        var reach = run.Status == RunStatus.Ok ? TargetError.FirstReach(run.Trace, target) : null;
        if (reach is { } p)
        {
            w.WriteNumber("iterations_to_target", p.Iteration);
            Number(w, "seconds_to_target", p.Seconds);
        }
        else
        {
            w.WriteNull("iterations_to_target");
            w.WriteNull("seconds_to_target");
        }
        if (run.PeakRssBytes is { } bytes) w.WriteNumber("peak_rss_bytes", bytes);
        else w.WriteNull("peak_rss_bytes");
    }

    private static LibraryRun ReadRun(JsonElement e)
    {
        var run = new LibraryRun
        {
            Library = Str(e, "library"),
            Method = Str(e, "method"),
            Status = Str(e, "status") switch
            {
                "ok" => RunStatus.Ok,
                "skipped" => RunStatus.Skipped,
                "failed" => RunStatus.Failed,
                "NaN" => RunStatus.NonFinite,
                var other => throw new FormatException($"unknown run status '{other}'"),
            },
            Note = e.GetProperty("note").ValueKind == JsonValueKind.Null ? null : Str(e, "note"),
            Iterations = e.GetProperty("iterations").GetInt32(),
            FinalRelativeError = Num(e, "final_relative_error"),
            PeakRssBytes = e.GetProperty("peak_rss_bytes").ValueKind == JsonValueKind.Null ? null : e.GetProperty("peak_rss_bytes").GetInt64(),
            StartingPoint = Str(e, "starting_point"),
            SharedStart = e.GetProperty("shared_start").GetBoolean(),
            StoppingRule = Str(e, "stopping_rule"),
            TraceMethod = Str(e, "trace_method"),
            TraceByReruns = e.TryGetProperty("trace_by_reruns", out var reruns)
                ? reruns.GetBoolean()
                : Str(e, "trace_method").StartsWith("re-run", StringComparison.Ordinal), // files written before the flag existed
            MemoryMethod = Str(e, "memory_method"),
        };
        foreach (var v in e.GetProperty("repeat_seconds").EnumerateArray()) run.RepeatSeconds.Add(NumValue(v));
        foreach (var kv in e.GetProperty("info").EnumerateArray()) run.Info.Add(new(kv[0].GetString()!, kv[1].GetString()!));
        foreach (var p in e.GetProperty("trace").EnumerateArray())
            run.Trace.Add(new TracePoint(p.GetProperty("iteration").GetInt32(), Num(p, "seconds"), Num(p, "relative_error")));
        return run;
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }

    private static void NumberValue(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value)) w.WriteNumberValue(value);
        else w.WriteNullValue();
    }

    private static double Num(JsonElement e, string name) => NumValue(e.GetProperty(name));

    private static double NumValue(JsonElement v) => v.ValueKind == JsonValueKind.Null ? double.NaN : v.GetDouble();

    private static string Str(JsonElement e, string name) =>
        e.GetProperty(name).GetString() ?? throw new FormatException($"property '{name}' is null");
}
