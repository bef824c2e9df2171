// Buffers of one weighted MU fit (row panels of WH and the update terms), sized once and kept between fits (WorkspaceReuse).
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Missing;

/// <summary>
/// What <see cref="MaskedMultiplicativeUpdate"/> needs beyond X, Ω, W and H: for one row panel of
/// <see cref="PanelRows"/> rows, V = WH and the weighted terms Ω∘X∘V^(β−2), Ω∘V^(β−1) (PanelRows×n each) and their
/// products with Hᵀ (PanelRows×k); the k×n H numerator and denominator. O(PanelRows·n + (PanelRows + n)·k), never m×n.
/// </summary>
internal sealed class WeightedMuWorkspace<T> : IReusableWorkspace<(int M, int N, int K)> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Elements of one panel of WH (2¹⁷: 1 MiB of float64), which fixes <see cref="PanelRows"/>.</summary>
    private const int PanelElements = 1 << 17;

    /// <inheritdoc/>
    public (int M, int N, int K) Shape { get; }

    /// <summary>A zeroed workspace for these sizes: one kept by <see cref="WorkspaceReuse"/> (fits one after another on a thread), or a new one.</summary>
    public static WeightedMuWorkspace<T> Rent(int m, int n, int k) =>
        WorkspaceReuse.TakeCleared<WeightedMuWorkspace<T>, (int, int, int)>((m, n, k)) ?? new WeightedMuWorkspace<T>(m, n, k);

    /// <inheritdoc/>
    public void Clear()
    {
        foreach (var matrix in (ReadOnlySpan<Matrix<T>>)[V, Numerator, Denominator, NumW, DenW, NumH, DenH])
            matrix.AsSpan().Clear();
    }

    private WeightedMuWorkspace(int m, int n, int k)
    {
        Shape = (m, n, k);
        PanelRows = Math.Clamp(PanelElements / Math.Max(1, n), 1, m);
        (V, Numerator, Denominator) = (new(PanelRows, n), new(PanelRows, n), new(PanelRows, n));
        (NumW, DenW) = (new(PanelRows, k), new(PanelRows, k));
        (NumH, DenH) = (new(k, n), new(k, n));
    }

    /// <summary>Rows of X in one panel.</summary>
    public readonly int PanelRows;

    /// <summary>Panels (PanelRows×n) of V = WH (also the loss evaluation's scratch), of Ω∘X∘V^(β−2) and of Ω∘V^(β−1).</summary>
    public readonly Matrix<T> V, Numerator, Denominator;

    /// <summary>The panel's W numerator and denominator, PanelRows×k.</summary>
    public readonly Matrix<T> NumW, DenW;

    /// <summary>H's numerator and denominator, k×n, summed over the panels.</summary>
    public readonly Matrix<T> NumH, DenH;
}
