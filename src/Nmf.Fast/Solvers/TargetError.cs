// The target relative error of a fit and the cheap ‖X − WH‖²_F from the Grams that checks it (no m×n product).
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Solvers;

/// <summary>
/// What <see cref="IterationMonitor"/> needs to turn losses into relative errors and to stop at a target:
/// the target E of ‖X − WH‖_F / ‖X‖_F (null = none), ‖X‖²_F, and whether the losses the solver reports are
/// exactly ½‖X − WH‖²_F (Frobenius without regularisation), so that the error follows from them.
/// </summary>
internal readonly record struct TargetError(double? Target, double XSquaredNorm, bool LossIsHalfSquaredResidual)
{
    /// <summary>√(residual) / ‖X‖ from a squared residual, clamped at 0 against cancellation; 0 when X = 0.</summary>
    public static double FromSquaredResidual(double squaredResidual, double xSquaredNorm) =>
        xSquaredNorm == 0 ? 0 : Math.Sqrt(Math.Max(0, squaredResidual) / xSquaredNorm);

    /// <summary>
    /// ‖X − WH‖²_F = ‖X‖²_F − 2⟨X, WH⟩ + ⟨WᵀW, H·Hᵀ⟩ with ⟨X, WH⟩ = ⟨C, F⟩ for a cross product C paired with
    /// its factor F (C = Wᵀ·X with F = H, or C = H·Xᵀ with F = Wᵀ), all made by the iteration anyway: O((m + n)·k + k²).
    /// Cancellation costs relative accuracy ≈ ε·‖X‖² / ‖X − WH‖² in the square, i.e. the relative error is reliable
    /// down to ≈ √ε of the working type (1e-8 in float64, 3e-4 in float32 where C is computed in float32).
    /// </summary>
    public static double SquaredResidual<T>(double xSquaredNorm, ReadOnlyMatrixSpan<T> cross, ReadOnlyMatrixSpan<T> factor,
        ReadOnlyMatrixSpan<T> gramW, ReadOnlyMatrixSpan<T> gramH) where T : unmanaged, IFloatingPointIeee754<T> =>
        xSquaredNorm - 2 * Reductions.FrobeniusInner(cross, factor) + Reductions.FrobeniusInner(gramW, gramH);
}
