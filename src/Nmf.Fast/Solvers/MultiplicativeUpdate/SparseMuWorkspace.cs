// Buffers of one sparse MU fit, sized once and kept between the runs of a multi-run fit (WorkspaceReuse).
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Solvers.MultiplicativeUpdate;

/// <summary>
/// What <see cref="SparseMultiplicativeUpdate"/> needs beyond X, W and H, O((m + n)·k) plus, for β ∉ {1, 2}, the tiles of
/// a <see cref="MuWorkspace{T}"/>:
/// <list type="bullet">
/// <item>always: the W numerator (m×k) and the Hᵀ numerator (n×k);</item>
/// <item>β ∈ {1, 2}: Hᵀ (n×k, the factor the run updates), the W and Hᵀ denominators, a k×k Gram and k column sums;</item>
/// <item>β ∉ {1, 2}: H's numerator (k×n) and the tiled dense-denominator workspace.</item>
/// </list>
/// </summary>
internal sealed class SparseMuWorkspace<T> : IReusableWorkspace<(int M, int N, int K, double Beta, int Dop)> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public (int M, int N, int K, double Beta, int Dop) Shape { get; }

    /// <summary>A zeroed workspace for these sizes: one kept by <see cref="WorkspaceReuse"/> (multi-run fits), or a new one.</summary>
    public static SparseMuWorkspace<T> Rent(int m, int n, int k, double beta, int maxDegreeOfParallelism) =>
        WorkspaceReuse.TakeCleared<SparseMuWorkspace<T>, (int, int, int, double, int)>((m, n, k, beta, maxDegreeOfParallelism))
        ?? new SparseMuWorkspace<T>(m, n, k, beta, maxDegreeOfParallelism);

    private SparseMuWorkspace(int m, int n, int k, double beta, int maxDegreeOfParallelism)
    {
        Shape = (m, n, k, beta, maxDegreeOfParallelism);
        (NumW, NumHt) = (new(m, k), new(n, k));
        if (beta == NmfLoss.Frobenius || beta == NmfLoss.KullbackLeibler)
        {
            (Ht, DenW, DenHt, Gram, Sums) = (new(n, k), new(m, k), new(n, k), new(k, k), new double[k]);
            return;
        }
        NumH = new Matrix<T>(k, n);
        Tiles = new MuWorkspace<T>(m, n, k, beta, maxDegreeOfParallelism);
    }

    /// <inheritdoc/>
    public void Clear()
    {
        foreach (var matrix in (ReadOnlySpan<Matrix<T>?>)[NumW, NumHt, Ht, DenW, DenHt, Gram, NumH])
            matrix?.AsSpan().Clear();
        if (Sums is not null) Array.Clear(Sums);
        Tiles?.Clear();
    }

    /// <summary>The W numerator (m×k) and the Hᵀ numerator (n×k).</summary>
    public readonly Matrix<T> NumW, NumHt;

    /// <summary>β ∈ {1, 2}: Hᵀ (n×k, updated in place of H during the run), the W denominator (m×k), the Hᵀ denominator (n×k), the fixed factor's Gram (k×k, β = 2).</summary>
    public readonly Matrix<T>? Ht, DenW, DenHt, Gram;

    /// <summary>β = 1: the column sums of the fixed factor, k.</summary>
    public readonly double[]? Sums;

    /// <summary>β ∉ {1, 2}: H's numerator, k×n.</summary>
    public readonly Matrix<T>? NumH;

    /// <summary>β ∉ {1, 2}: padded Hᵀ, the per-worker WH tiles and the loss scratch.</summary>
    public readonly MuWorkspace<T>? Tiles;
}
