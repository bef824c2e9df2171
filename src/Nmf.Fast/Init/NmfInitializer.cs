// The one entry point solvers call to get scikit-learn's starting W₀ and H₀ for a given init and seed.
using System.Numerics;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers.Data;

namespace Nmf.Fast.Init;

/// <summary>
/// Starting factors exactly as scikit-learn 1.2's <c>_initialize_nmf(X, k, init, eps=1e-6, random_state=seed)</c>
/// produces them: a seed s ≥ 0 here means what <c>random_state=s</c> means there (a fresh NumPy legacy
/// <c>RandomState(s)</c> for every random step).
/// </summary>
internal static unsafe class NmfInitializer
{
    /// <summary>
    /// Fills w (m×k) and h (k×n) as scikit-learn's _initialize_nmf(X, k, init, eps=1e-6, random_state=seed).
    /// Resolves NmfInit.Auto (nndsvda when k ≤ min(m, n), else random). NmfInit.Custom → ArgumentException (caller handles custom).
    /// </summary>
    /// <exception cref="ArgumentException">Shapes disagree, the method is Custom, or an NNDSVD variant has k &gt; min(m, n).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The seed is negative or the rank is below 1.</exception>
    public static void Initialize<T>(ReadOnlyMatrixSpan<T> x, NmfInit method, int seed, MatrixSpan<T> w, MatrixSpan<T> h, int maxDegreeOfParallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Rows == 0 || x.Cols == 0) throw new ArgumentException($"X is {x.Rows}×{x.Cols}: an empty matrix has no initialisation.", nameof(x));
        fixed (T* px = &System.Runtime.CompilerServices.Unsafe.AsRef(in x.Origin))
        {
            var data = new DenseFitData<T>(new PinnedMatrixView<T>(px, x.Rows, x.Cols, x.Stride), keepTranspose: false);
            Initialize(data, method, seed, w, h, maxDegreeOfParallelism);
        }
    }

    /// <summary>The same on any <see cref="IFitData{T}"/> (dense or CSR X); no m×n buffer is formed.</summary>
    public static void Initialize<T>(IFitData<T> x, NmfInit method, int seed, MatrixSpan<T> w, MatrixSpan<T> h, int maxDegreeOfParallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = x.Rows, n = x.Cols, rank = w.Cols;
        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        if (rank < 1) throw new ArgumentOutOfRangeException(nameof(w), rank, "The rank k (columns of W) must be at least 1.");
        if (w.Rows != m) throw new ArgumentException($"W must be {m}×{rank} for a {m}×{n} X, but is {w.Rows}×{w.Cols}.", nameof(w));
        if (h.Rows != rank || h.Cols != n) throw new ArgumentException($"H must be {rank}×{n} for a {m}×{n} X and rank {rank}, but is {h.Rows}×{h.Cols}.", nameof(h));
        if (m == 0 || n == 0) throw new ArgumentException($"X is {m}×{n}: an empty matrix has no initialisation.", nameof(x));

        NmfInit resolved = Resolve(method, m, n, rank);
        switch (resolved)
        {
            case NmfInit.Random:
                RandomInit.Fill(x.Mean(), seed, w, h);
                return;
            case NmfInit.Nndsvd:
            case NmfInit.Nndsvda:
            case NmfInit.Nndsvdar:
                InitializeNndsvd(x, resolved, seed, w, h, maxDegreeOfParallelism);
                return;
            case NmfInit.Custom:
                throw new ArgumentException("NmfInit.Custom has no generated factors: the caller supplies W₀ and H₀.", nameof(method));
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown initialisation method.");
        }
    }

    /// <summary>NmfInit.Auto resolved for a given shape (so results can report the init actually used).</summary>
    public static NmfInit Resolve(NmfInit method, int rows, int cols, int rank) =>
        method == NmfInit.Auto ? (rank <= Math.Min(rows, cols) ? NmfInit.Nndsvda : NmfInit.Random) : method;

    private static void InitializeNndsvd<T>(IFitData<T> x, NmfInit method, int seed, MatrixSpan<T> w, MatrixSpan<T> h, int maxDegreeOfParallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = x.Rows, n = x.Cols, rank = w.Cols;
        if (rank > Math.Min(m, n))
            throw new ArgumentException(
                $"init {method} needs k ≤ min(m, n), but k = {rank} for a {m}×{n} X; use a smaller rank or NmfInit.Random.", nameof(w));

        var u = new Matrix<T>(m, rank);
        var vt = new Matrix<T>(rank, n);
        T[] s = new T[rank];
        RandomizedSvd.Compute(x, rank, seed, u, s, vt, maxDegreeOfParallelism);
        Nndsvd.FromSvd<T>(u, s, vt, w, h);
        if (method == NmfInit.Nndsvda)
            Nndsvd.FillZerosWithMean(x.Mean(), w, h);
        else if (method == NmfInit.Nndsvdar)
            Nndsvd.FillZerosWithSmallRandom(x.Mean(), seed, w, h);
    }
}
