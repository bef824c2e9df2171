// The one mapping between NmfSolver values and their names on the command line and in model files.
namespace Nmf.Fast;

/// <summary>Short names of the solvers: <c>auto</c>, <c>hals</c> (alias <c>cd</c>), <c>mu</c>, <c>hals-accel</c>, <c>anls</c>.</summary>
public static class NmfSolverNames
{
    /// <summary>The names accepted by <see cref="TryParse"/>, for error messages.</summary>
    public const string Accepted = "auto, hals, mu, hals-accel or anls";

    /// <summary>The short name of <paramref name="solver"/>.</summary>
    public static string ToName(NmfSolver solver) => solver switch
    {
        NmfSolver.Hals => "hals",
        NmfSolver.MultiplicativeUpdate => "mu",
        NmfSolver.HalsAccelerated => "hals-accel",
        NmfSolver.Anls => "anls",
        _ => "auto",
    };

    /// <summary>Parses a short name (case-insensitive; scikit-learn's <c>cd</c> means <see cref="NmfSolver.Hals"/>).</summary>
    public static bool TryParse(string? name, out NmfSolver solver)
    {
        switch (name?.ToLowerInvariant())
        {
            case "hals" or "cd": solver = NmfSolver.Hals; return true;
            case "mu": solver = NmfSolver.MultiplicativeUpdate; return true;
            case "auto": solver = NmfSolver.Auto; return true;
            case "hals-accel" or "hals-accelerated": solver = NmfSolver.HalsAccelerated; return true;
            case "anls": solver = NmfSolver.Anls; return true;
            default: solver = default; return false;
        }
    }
}
