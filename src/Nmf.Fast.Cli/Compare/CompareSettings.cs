// The settings of one `nmf compare` run, as parsed from the command line.
namespace Nmf.Fast.Cli.Compare;

/// <summary>Everything that decides what <see cref="CompareOrchestrator"/> runs; echoed into the report.</summary>
internal sealed record CompareSettings
{
    /// <summary>The matrix file (.npy/.csv dense; .mtx/.npz sparse, fitted as sparse by every library).</summary>
    public required string Input { get; init; }

    /// <summary>The output folder: report.md, results.json, plots, the shared W₀/H₀ and the peers' factors.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The rank k.</summary>
    public required int Rank { get; init; }

    /// <summary>Nmf.Fast solvers to run in-process.</summary>
    public IReadOnlyList<NmfSolver> Solvers { get; init; } = [NmfSolver.Hals, NmfSolver.MultiplicativeUpdate];

    /// <summary>External peers to run: "sklearn", "rcppml".</summary>
    public IReadOnlyList<string> Peers { get; init; } = ["sklearn", "rcppml"];

    /// <summary>Iterations of every run (tol = 0 everywhere, so exactly this many).</summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>Timed repeats of the full run; seconds per iteration is their median.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>Threads for every library (Nmf.Fast's MaxDegreeOfParallelism, OpenMP/OpenBLAS, RcppML).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Working precision: float64 or float32 (RcppML is always float64).</summary>
    public bool Float32 { get; init; }

    /// <summary>How W₀/H₀ are generated (scikit-learn's init of that name, bit-exact).</summary>
    public NmfInit Init { get; init; } = NmfInit.Random;

    /// <summary>Seed of W₀/H₀.</summary>
    public int Seed { get; init; }

    /// <summary>OPENBLAS_CORETYPE for the peer processes; null leaves the environment's value alone.</summary>
    public string? OpenBlasCoreType { get; init; } = "SkylakeX";

    /// <summary>The Python interpreter with numpy and scikit-learn.</summary>
    public string Python { get; init; } = "/usr/bin/python3";

    /// <summary>The R script runner with RcppML.</summary>
    public string Rscript { get; init; } = "Rscript";

    /// <summary>Wall-clock limit of one peer process.</summary>
    public TimeSpan PeerTimeout { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>The command line that produced this run, for the report.</summary>
    public string CommandLine { get; init; } = "";

    /// <summary>"float32" or "float64".</summary>
    public string DTypeName => Float32 ? "float32" : "float64";
}
