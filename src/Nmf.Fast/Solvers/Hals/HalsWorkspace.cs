// All buffers of one HALS run, sized once: both factors component-major, the cross products, the Grams.
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Solvers.Hals;

/// <summary>
/// Owned by one <see cref="HalsSolver"/> run; nothing is allocated per iteration. Both factors are stored
/// component-major — Wᵀ (k×m) and H (k×n) — so the same sweep updates either, and every big product is an
/// A·Bᵀ with row-contiguous operands (H·Xᵀ, Wᵀ·(Xᵀ)ᵀ). (Sparse HALS's fused steps keep the factors row-major in the
/// solver's operand panels instead, on AVX-512 in double only there: no Wᵀ, and H read only at the start.)
/// </summary>
internal sealed class HalsWorkspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Buffers for X m×n at rank k; <paramref name="updateH"/> false leaves out Wᵀ·X.</summary>
    /// <param name="m">Rows of X.</param>
    /// <param name="n">Columns of X.</param>
    /// <param name="k">The rank.</param>
    /// <param name="updateH">Whether H is updated (else no k×n cross product).</param>
    /// <param name="h">When given (k×n), the caller's H, updated in place instead of a copy.</param>
    /// <param name="storeCross">
    /// False for sparse HALS's fused steps, which never store a cross product: both are then empty,
    /// <see cref="TileInner"/> takes the loss's ⟨X, WH⟩ per sweep tile instead, and <see cref="GramPartials"/> the
    /// Grams summed from the sweep tiles.
    /// </param>
    /// <param name="withWt">False when W lives only row-major elsewhere (sparse fused steps): <see cref="Wt"/> is then empty.</param>
    public HalsWorkspace(int m, int n, int k, bool updateH, Matrix<T>? h = null, bool storeCross = true, bool withWt = true)
    {
        Wt = withWt ? new Matrix<T>(k, m) : new Matrix<T>(k, 0);
        H = h ?? new Matrix<T>(k, n);
        CrossW = storeCross ? new Matrix<T>(k, m) : new Matrix<T>(k, 0);
        CrossH = updateH && storeCross ? new Matrix<T>(k, n) : new Matrix<T>(0, n);
        GramW = new Matrix<T>(k, k);
        GramH = new Matrix<T>(k, k);
        Hessian = new Matrix<T>(k, k);
        TileViolation = new double[Math.Max(HalsSweep.TileCount<T>(m), HalsSweep.TileCount<T>(n))];
        TileInner = storeCross ? [] : new double[TileViolation.Length];
        GramPartials = storeCross ? null : new TileGram<T>(TileViolation.Length, k);
    }

    /// <summary>Wᵀ, k×m (empty without <c>withWt</c>: W then lives row-major in the solver's panel).</summary>
    public Matrix<T> Wt { get; }

    /// <summary>H, k×n.</summary>
    public Matrix<T> H { get; }

    /// <summary>H·Xᵀ, k×m (the W step's cross product; empty when not stored).</summary>
    public Matrix<T> CrossW { get; }

    /// <summary>Wᵀ·X, k×n (the H step's; empty when H is fixed or it is not stored).</summary>
    public Matrix<T> CrossH { get; }

    /// <summary>WᵀW, k×k.</summary>
    public Matrix<T> GramW { get; }

    /// <summary>H·Hᵀ, k×k.</summary>
    public Matrix<T> GramH { get; }

    /// <summary>A Gram plus the L2 strength on its diagonal: the Hessian of the current sweep.</summary>
    public Matrix<T> Hessian { get; }

    /// <summary>Per-tile violations of a sweep.</summary>
    public double[] TileViolation { get; }

    /// <summary>Per-tile shares of ⟨X, WH⟩ when the cross products are not stored (empty otherwise).</summary>
    public double[] TileInner { get; }

    /// <summary>The per-block partial Grams of the fused steps' swept tiles (null when the cross products are stored).</summary>
    public TileGram<T>? GramPartials { get; }

    private (Matrix<T> First, Matrix<T> Second)? _piecePartials;

    /// <summary>
    /// The two n×k partial products of the sparse H step's owned path (<see cref="SparseHalsStep.RunPieces"/>), allocated on
    /// first use (only two-thread fits with Xᵀ in pieces take that path) and reused for every later iteration.
    /// </summary>
    public (Matrix<T> First, Matrix<T> Second) PiecePartials(int n, int k) =>
        _piecePartials ??= (new Matrix<T>(n, k), new Matrix<T>(n, k));
}
