// Parses the options `nmf fit` and `nmf demo` share (--rank, --solver, --loss, --init, ...) into NmfOptions.
using System.Globalization;
using Nmf.Fast.Cli.Infrastructure;
using Nmf.Fast.IO;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Cli.Commands;

internal static class FitArguments
{
    /// <summary>Builds NmfOptions from the command line; <paramref name="defaultRank"/> null makes --rank required.</summary>
    /// <param name="defaultSolver">The solver without --solver: "auto" for `nmf fit`, "hals" (scikit-learn's numbers) for `nmf demo`.</param>
    public static NmfOptions Parse(CommandLine cl, int? defaultRank, string defaultSolver = "hals")
    {
        int rank = defaultRank is { } r ? cl.Int("rank", r, 1) : RequiredInt(cl, "rank");
        var solver = ParseSolver(cl.String("solver") ?? defaultSolver);
        double beta = ParseLoss(cl.String("loss") ?? "frobenius");
        var init = ParseInit(cl.String("init") ?? "auto");
        string? initW = cl.String("init-w"), initH = cl.String("init-h");
        if (init == NmfInit.Custom && (initW is null || initH is null))
            throw new UsageException("--init custom needs --init-w W0.npy and --init-h H0.npy");
        if (init != NmfInit.Custom && (initW is not null || initH is not null))
            throw new UsageException("--init-w and --init-h are used only with --init custom");
        int maxIter = cl.Int("max-iter", 200, 1);
        double tol = cl.Double("tol", 1e-4, 0);
        string? seedText = cl.String("seed");
        int? seed = seedText is null ? null : ParseSeed(seedText);
        int threads = cl.Int("threads", -1, 1);
        double alphaW = cl.Double("alpha-w", 0, 0);
        string? alphaHText = cl.String("alpha-h");
        double? alphaH = alphaHText is null ? null : cl.Double("alpha-h", 0, 0);
        double l1 = cl.Double("l1-ratio", 0, 0, 1);
        string? budgetText = cl.String("time-budget");
        TimeSpan? budget = budgetText is null ? null : TimeSpan.FromSeconds(cl.Double("time-budget", 0, 1e-3));
        double? target = cl.String("target-error") is null ? null : cl.Double("target-error", 0, 0);
        return new NmfOptions
        {
            Rank = rank,
            Solver = solver,
            Beta = beta,
            Init = init,
            MaxIterations = maxIter,
            Tolerance = tol,
            Seed = seed,
            MaxDegreeOfParallelism = threads,
            AlphaW = alphaW,
            AlphaH = alphaH,
            L1Ratio = l1,
            TimeBudget = budget,
            TargetError = target,
            InitialW = initW is null ? null : MatrixFile.ReadDense<double>(initW),
            InitialH = initH is null ? null : MatrixFile.ReadDense<double>(initH),
        };
    }

    /// <summary>"float64" (default) or "float32".</summary>
    public static bool IsFloat32(CommandLine cl) => (cl.String("dtype") ?? "float64") switch
    {
        "float64" or "double" or "f8" => false,
        "float32" or "float" or "f4" => true,
        var other => throw new UsageException($"--dtype must be float32 or float64, got '{other}'"),
    };

    public static NmfSolver ParseSolver(string text) =>
        NmfSolverNames.TryParse(text, out var solver) ? solver : throw new UsageException($"--solver must be {NmfSolverNames.Accepted}, got '{text}'");

    public static double ParseLoss(string text) => text.ToLowerInvariant() switch
    {
        "frobenius" => NmfLoss.Frobenius,
        "kl" or "kullback-leibler" => NmfLoss.KullbackLeibler,
        "is" or "itakura-saito" => NmfLoss.ItakuraSaito,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double b) && double.IsFinite(b) => b,
        _ => throw new UsageException($"--loss must be frobenius, kl, is or a number β, got '{text}'"),
    };

    public static NmfInit ParseInit(string text) => text.ToLowerInvariant() switch
    {
        "auto" => NmfInit.Auto,
        "random" => NmfInit.Random,
        "nndsvd" => NmfInit.Nndsvd,
        "nndsvda" => NmfInit.Nndsvda,
        "nndsvdar" => NmfInit.Nndsvdar,
        "custom" => NmfInit.Custom,
        _ => throw new UsageException($"--init must be auto, random, nndsvd, nndsvda, nndsvdar or custom, got '{text}'"),
    };

    public static string SolverName(NmfSolver solver) => NmfSolverNames.ToName(solver);

    public static string InitName(NmfInit init) => init.ToString().ToLowerInvariant();

    private static int ParseSeed(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int s) && s >= 0
            ? s
            : throw new UsageException($"--seed needs a non-negative integer, got '{text}'");

    private static int RequiredInt(CommandLine cl, string name)
    {
        if (cl.String(name) is null) throw new UsageException($"option --{name} is required");
        return cl.Int(name, 0, 1);
    }
}
