// What defines a peer: its interpreter, its script, its solvers/variants and what each one means.
namespace Nmf.Fast.Cli.Compare;

/// <summary>One solver or variant of a peer, with the facts the report states about it.</summary>
/// <param name="Key">The name the peer script uses in its output lines (e.g. "cd").</param>
/// <param name="Method">The name in the report.</param>
/// <param name="StartingPoint">Where it starts, in words.</param>
/// <param name="SharedStart">True when it starts from the shared W₀ (and H₀ where it uses one).</param>
/// <param name="StoppingRule">Its own stopping rule and how this comparison disables it.</param>
/// <param name="TraceMethod">How its loss trace is obtained.</param>
/// <param name="TraceByReruns">True when the trace comes from re-running with increasing iteration counts.</param>
internal sealed record PeerVariant(string Key, string Method, string StartingPoint, bool SharedStart, string StoppingRule, string TraceMethod, bool TraceByReruns = true);

/// <summary>An external peer library run through a script.</summary>
/// <param name="Name">The name on the command line (--peers), e.g. "sklearn".</param>
/// <param name="Library">The name in the report, e.g. "scikit-learn".</param>
/// <param name="Interpreter">The program that runs <paramref name="Script"/>.</param>
/// <param name="Script">The script's file name among the embedded peer scripts.</param>
/// <param name="Variants">The variants to run, in report order.</param>
/// <param name="VariantArgument">The script option that selects variants ("--solvers" or "--variants").</param>
internal sealed record PeerDefinition(string Name, string Library, string Interpreter, string Script, IReadOnlyList<PeerVariant> Variants, string VariantArgument)
{
    /// <summary>scikit-learn 1.x NMF, solvers cd (↔ HALS) and mu (↔ MU), as selected by the Nmf.Fast solvers.</summary>
    public static PeerDefinition Sklearn(CompareSettings settings)
    {
        const string trace = "re-run from W₀/H₀ with max_iter = 1, 2, 3, 4, 6, 8, 11, … (ratio √2) and the full count; error computed from each run's factors; time = wall time of that whole fit_transform call";
        var variants = new List<PeerVariant>();
        if (settings.Solvers.Contains(NmfSolver.Hals))
            variants.Add(new("cd", "cd", "shared W₀ and H₀ (init='custom')", true,
                "violation ≤ tol × violation of iteration 1 (projected gradient); here tol = 0, so exactly max_iter iterations", trace));
        if (settings.Solvers.Contains(NmfSolver.MultiplicativeUpdate))
            variants.Add(new("mu", "mu", "shared W₀ and H₀ (init='custom')", true,
                "every 10 iterations, (previous error − error)/initial error < tol; here tol = 0 (the check is skipped), so exactly max_iter iterations", trace));
        return new PeerDefinition("sklearn", "scikit-learn", settings.Python, "sklearn_peer.py", variants, "--solvers");
    }

    /// <summary>RcppML's alternating NNLS: RcppML::nmf itself (own start) and the same iteration from the shared W₀.</summary>
    public static PeerDefinition Rcppml(CompareSettings settings) => new("rcppml", "RcppML", settings.Rscript, "rcppml_peer.R",
    [
        new("nmf", "nmf",
            "its own random W (RcppML's RNG, seed = 1): RcppML::nmf 0.3.x accepts no starting factors; H₀ is never used (each iteration first solves for H given W)",
            false,
            "1 − cor(W, W of the previous iteration) < tol; here tol = −1 (can never hold), so exactly maxit iterations",
            "re-run with maxit = 1, 2, 3, 4, 6, 8, 11, … (ratio √2) and the full count (deterministic for the seed); error computed from each run's W·diag(d)·H; time = wall time of that whole RcppML::nmf call"),
        new("w0", "ALS from W₀",
            "shared W₀ (H₀ unused: the iteration starts by solving for H given W); RcppML::nmf's iteration (project H, rescale, project W, rescale) driven from R over RcppML's own projection kernel Rcpp_projectW_dense (Rcpp_projectW_sparse for a sparse X)",
            true,
            "none (a plain loop of exactly max-iter iterations)",
            "every iteration in one run; error evaluated outside the timed part; time = cumulative time of the updates",
            TraceByReruns: false),
    ], "--variants");
}
