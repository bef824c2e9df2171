// How NmfSolver.Auto becomes a concrete solver: by loss, storage of X, rank and size, as measured in docs/fast-convergence.md.
namespace Nmf.Fast.Solvers;

/// <summary>
/// The rule behind <see cref="NmfSolver.Auto"/>: the solver measured fastest to a tight target error
/// (1.01 × the best error any library reached; bench/compare/time_to_target.sh) for the data at hand.
/// <list type="bullet">
/// <item>β ≠ 2: <see cref="NmfSolver.MultiplicativeUpdate"/>, the only solver for other losses.</item>
/// <item>Dense X with k ≤ <see cref="AnlsMaxRank"/> and m·n ≤ <see cref="AnlsMaxEntries"/>: <see cref="NmfSolver.Anls"/> —
/// exact NNLS steps need half the iterations of accelerated HALS there (2000×1000, k = 20 and 30).</item>
/// <item>Otherwise (sparse X, larger rank, larger X): <see cref="NmfSolver.HalsAccelerated"/>. At k = 40–50 an ANLS
/// step spends up to its 100 sweeps per factor and runs 3–4× slower per iteration; on 5000×2000 (k = 20) and on
/// sparse X (20000×5000 at 1 %, k = 20) accelerated HALS reached the targets 1.5–2× sooner.</item>
/// </list>
/// Without the data (<see cref="Resolve(double)"/>, used by Transform and the other callers that only need the
/// family) the Frobenius choice is <see cref="NmfSolver.Anls"/>: with H fixed both solve the same NNLS problems.
/// </summary>
internal static class AutoSolverRule
{
    /// <summary>The largest rank for which a dense fit uses ANLS.</summary>
    /// <remarks>ANLS won at k = 20 and 30 on 2000×1000 and lost 5–10× at k = 40 and 50 (docs/fast-convergence.md).</remarks>
    public const int AnlsMaxRank = 30;

    /// <summary>The largest m·n for which a dense fit uses ANLS.</summary>
    /// <remarks>ANLS won on 2000×1000 and 4000×1000 (k = 20) and lost 1.8× on 5000×2000 (k = 20).</remarks>
    public const long AnlsMaxEntries = 4_000_000;

    /// <summary>The solver <see cref="NmfSolver.Auto"/> runs for a fit of an m×n X at rank k.</summary>
    /// <param name="beta">The β of the loss (2 = Frobenius).</param>
    /// <param name="rows">m.</param>
    /// <param name="cols">n.</param>
    /// <param name="rank">k.</param>
    /// <param name="sparse">True when X is stored sparse (CSR).</param>
    public static NmfSolver Resolve(double beta, int rows, int cols, int rank, bool sparse)
    {
        if (beta != NmfLoss.Frobenius) return NmfSolver.MultiplicativeUpdate;
        bool anls = !sparse && rank <= AnlsMaxRank && (long)rows * cols <= AnlsMaxEntries;
        return anls ? NmfSolver.Anls : NmfSolver.HalsAccelerated;
    }

    /// <summary>The solver <see cref="NmfSolver.Auto"/> runs when the data are not at hand (Transform with H fixed).</summary>
    /// <param name="beta">The β of the loss (2 = Frobenius).</param>
    public static NmfSolver Resolve(double beta) =>
        beta == NmfLoss.Frobenius ? NmfSolver.Anls : NmfSolver.MultiplicativeUpdate;
}
