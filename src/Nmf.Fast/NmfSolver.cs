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

    /// <summary>
    /// Picks the method measured fastest to a good error for the loss and the data: for the Frobenius loss
    /// <see cref="Anls"/> on a dense X with rank ≤ 30 and at most 4·10⁶ entries, <see cref="HalsAccelerated"/>
    /// otherwise (sparse X, larger rank or X); <see cref="MultiplicativeUpdate"/> for any other loss. Not
    /// scikit-learn's numbers: choose <see cref="Hals"/> or <see cref="MultiplicativeUpdate"/> explicitly for those.
    /// See <c>docs/fast-convergence.md</c> ("When each wins, and how auto chooses").
    /// </summary>
    Auto,

    /// <summary>
    /// Accelerated HALS (Gillis &amp; Glineur 2012): after each pair of expensive products, the cheap HALS sweep is
    /// repeated over the same factor while it still makes progress, with extrapolation between iterations
    /// (Ang &amp; Gillis 2019). Frobenius loss only.
    /// </summary>
    HalsAccelerated,

    /// <summary>
    /// Alternating non-negative least squares: each iteration solves the NNLS problem of W (then of H) to a tight
    /// tolerance by coordinate descent on the same Gram and cross product, with extrapolation between
    /// iterations (Ang &amp; Gillis 2019). Frobenius loss only.
    /// </summary>
    Anls,
}
