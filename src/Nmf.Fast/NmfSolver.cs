// Which algorithm updates W and H.
namespace Nmf.Fast;

/// <summary>The iteration that updates W and H, with scikit-learn's meanings.</summary>
public enum NmfSolver
{
    /// <summary>
    /// Hierarchical alternating least squares: scikit-learn's <c>solver='cd'</c> (cyclic coordinate descent,
    /// no shuffle; Cichocki &amp; Phan 2009). Frobenius loss only.
    /// </summary>
    Hals = 0,

    /// <summary>Multiplicative updates (Lee &amp; Seung 2001; Févotte &amp; Idier 2011): scikit-learn's <c>solver='mu'</c>; any β-divergence.</summary>
    MultiplicativeUpdate,
}
