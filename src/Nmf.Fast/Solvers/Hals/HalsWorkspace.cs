// All buffers of one HALS run, sized once: the factors in sweep layout, the cross products, the Grams.
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Solvers.Hals;

/// <summary>
/// Owned by one <see cref="HalsSolver"/> run; nothing is allocated per iteration. Hᵀ is kept row-major
/// (n×k) so the same sweep updates W (m×k) and Hᵀ.
/// </summary>
internal sealed class HalsWorkspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public HalsWorkspace(int m, int n, int k, bool updateH)
    {
        W = new Matrix<T>(m, k);
        Ht = new Matrix<T>(n, k);
        XHt = new Matrix<T>(m, k);
        XtW = updateH ? new Matrix<T>(n, k) : new Matrix<T>(0, k);
        GramW = new Matrix<T>(k, k);
        GramH = new Matrix<T>(k, k);
        Hessian = new Matrix<T>(k, k);
        TileViolation = new double[Math.Max(HalsSweep.TileCount<T>(m), HalsSweep.TileCount<T>(n))];
    }

    /// <summary>W, m×k.</summary>
    public Matrix<T> W { get; }

    /// <summary>Hᵀ, n×k, row-major.</summary>
    public Matrix<T> Ht { get; }

    /// <summary>X·Hᵀ, m×k.</summary>
    public Matrix<T> XHt { get; }

    /// <summary>Xᵀ·W, n×k (empty when H is fixed).</summary>
    public Matrix<T> XtW { get; }

    /// <summary>WᵀW, k×k.</summary>
    public Matrix<T> GramW { get; }

    /// <summary>H·Hᵀ, k×k.</summary>
    public Matrix<T> GramH { get; }

    /// <summary>A Gram plus the L2 strength on its diagonal: the Hessian of the current sweep.</summary>
    public Matrix<T> Hessian { get; }

    /// <summary>Per-tile violations of a sweep.</summary>
    public double[] TileViolation { get; }
}
