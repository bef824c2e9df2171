// `nmf compare`: times Nmf.Fast against scikit-learn and RcppML on one matrix and writes a report (docs/compare.md).
using System.Globalization;
using Nmf.Fast.Cli.Compare;
using Nmf.Fast.Cli.Infrastructure;

namespace Nmf.Fast.Cli.Commands;

internal static class CompareCommand
{
    public const string Help = """
        nmf compare INPUT --rank K --out DIR [options]

        Runs Nmf.Fast (in-process), scikit-learn and RcppML (external processes) on the same matrix from the same
        W₀/H₀ for the same number of iterations, and writes DIR/report.md, DIR/results.json and PNG charts.
        INPUT .npy/.csv is dense; .mtx/.npz is sparse and every library fits it as a sparse matrix.

          --solvers hals,mu           Nmf.Fast solvers (and the matching scikit-learn cd, mu)   [hals,mu]
          --peers sklearn,rcppml      peers to run; 'none' for none                             [sklearn,rcppml]
          --max-iter N                iterations of every run (stopping rules disabled)        [200]
          --repeats R                 timed repeats, run as R interleaved rounds of every library;
                                      time per iteration is their median                       [3]
          --threads T                 threads for every library                                [1]
          --dtype float64|float32     working precision (RcppML is always float64)             [float64]
          --init random|nndsvd|nndsvda|nndsvdar   how W₀/H₀ are made (scikit-learn's)          [random]
          --seed S                    seed of W₀/H₀                                            [0]
          --openblas-coretype NAME    OPENBLAS_CORETYPE for the peers; 'inherit' leaves it      [SkylakeX]
          --python PATH               Python with numpy + scikit-learn                         [/usr/bin/python3]
          --rscript PATH              Rscript with RcppML                                      [Rscript]
          --peer-timeout SECONDS      limit per peer process                                   [1200]
          --json                      print a JSON summary on stdout

        nmf compare --render DIR/results.json [--out DIR2]
          re-renders report.md and the charts from a results.json (no fitting); writes next to it by default
        """;

    public static int Run(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.Error.WriteLine(Help);
            return ExitCodes.Success;
        }
        var cl = CommandLine.Parse(args, "json", "debug");
        bool json = cl.Flag("json");
        cl.Flag("debug");
        if (cl.String("render") is { } resultsPath) return Render(cl, resultsPath, json);
        var settings = Parse(cl, args);
        cl.EnsureAllUsed();

        var outcome = CompareOrchestrator.Run(settings, Console.Error);
        if (json)
        {
            JsonOutput.Write(w => ResultsJson.WriteSummary(w, outcome, settings.OutputDirectory));
        }
        else
        {
            Console.Write(ReportWriter.ResultsTable(outcome));
            Console.WriteLine($"target error {ReportFormat.Error(outcome.TargetRelativeError)}; report: {Path.Combine(settings.OutputDirectory, "report.md")}");
        }
        return ExitCodes.Success;
    }

    /// <summary>`--render`: rebuilds report.md and the charts from a results.json without running anything.</summary>
    private static int Render(CommandLine cl, string resultsPath, bool json)
    {
        string directory = cl.String("out") ?? Path.GetDirectoryName(Path.GetFullPath(resultsPath))!;
        if (cl.Positional.Count > 0) throw new UsageException("--render takes no INPUT file");
        cl.EnsureAllUsed();
        CompareOutcome outcome;
        try
        {
            outcome = ResultsJson.Read(File.ReadAllText(resultsPath));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{resultsPath}: not valid JSON ({e.Message})", e);
        }
        CompareOrchestrator.WriteOutputs(outcome, directory);
        if (json) JsonOutput.Write(w => ResultsJson.WriteSummary(w, outcome, directory));
        else Console.WriteLine($"report: {Path.Combine(directory, "report.md")}");
        return ExitCodes.Success;
    }

    /// <summary>Builds the settings from parsed arguments; bad values are UsageExceptions.</summary>
    internal static CompareSettings Parse(CommandLine cl, IReadOnlyList<string> rawArgs)
    {
        if (cl.Positional.Count != 1)
            throw new UsageException(cl.Positional.Count == 0 ? "compare needs an INPUT matrix file" : $"compare takes one INPUT file, got {cl.Positional.Count}: {string.Join(' ', cl.Positional)}");
        int rank = cl.Int("rank", 0, 1, 100_000);
        if (rank == 0) throw new UsageException("option --rank is required");
        string dtype = cl.String("dtype") ?? "float64";
        if (dtype is not ("float64" or "float32")) throw new UsageException($"option --dtype must be float64 or float32, got '{dtype}'");
        string core = cl.String("openblas-coretype") ?? "SkylakeX";
        return new CompareSettings
        {
            Input = cl.Positional[0],
            OutputDirectory = cl.RequiredString("out"),
            Rank = rank,
            Solvers = ParseSolvers(cl.String("solvers") ?? "hals,mu"),
            Peers = ParsePeers(cl.String("peers") ?? "sklearn,rcppml"),
            MaxIterations = cl.Int("max-iter", 200, 1, 1_000_000),
            Repeats = cl.Int("repeats", 3, 1, 1000),
            Threads = cl.Int("threads", 1, 1, 4096),
            Float32 = dtype == "float32",
            Init = ParseInit(cl.String("init") ?? "random"),
            Seed = cl.Int("seed", 0, 0),
            OpenBlasCoreType = core == "inherit" ? null : core,
            Python = cl.String("python") ?? "/usr/bin/python3",
            Rscript = cl.String("rscript") ?? "Rscript",
            PeerTimeout = TimeSpan.FromSeconds(cl.Double("peer-timeout", 1200, 1, 86400)),
            CommandLine = "nmf compare " + string.Join(' ', rawArgs.Select(Quote)),
        };
    }

    private static List<NmfSolver> ParseSolvers(string text)
    {
        var solvers = new List<NmfSolver>();
        foreach (var name in Split(text))
        {
            var solver = name switch
            {
                "hals" or "cd" => NmfSolver.Hals,
                "mu" => NmfSolver.MultiplicativeUpdate,
                _ => throw new UsageException($"option --solvers: unknown solver '{name}' (expected hals, mu)"),
            };
            if (!solvers.Contains(solver)) solvers.Add(solver);
        }
        return solvers;
    }

    private static List<string> ParsePeers(string text)
    {
        if (text == "none") return [];
        var peers = new List<string>();
        foreach (var name in Split(text))
        {
            if (name is not ("sklearn" or "rcppml")) throw new UsageException($"option --peers: unknown peer '{name}' (expected sklearn, rcppml or none)");
            if (!peers.Contains(name)) peers.Add(name);
        }
        return peers;
    }

    private static NmfInit ParseInit(string text) => text switch
    {
        "random" => NmfInit.Random,
        "nndsvd" => NmfInit.Nndsvd,
        "nndsvda" => NmfInit.Nndsvda,
        "nndsvdar" => NmfInit.Nndsvdar,
        _ => throw new UsageException($"option --init must be random, nndsvd, nndsvda or nndsvdar, got '{text}'"),
    };

    private static IEnumerable<string> Split(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new UsageException($"empty list '{text}'");
        return parts.Select(p => p.ToLowerInvariant());
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_./=,:".Contains(c, StringComparison.Ordinal)) ? arg : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
