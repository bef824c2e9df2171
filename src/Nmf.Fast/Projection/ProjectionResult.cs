// What one projection (or a batch of them) reports: sweeps run, whether the stopping rule was met, the achieved KKT residual.
namespace Nmf.Fast.Projection;

/// <summary>
/// The outcome of <see cref="NmfProjector{T}.Project(ReadOnlySpan{T}, Span{T})"/>: the weights are written to the
/// caller's span; this says how much work was done and how good the answer is.
/// </summary>
/// <param name="Sweeps">Coordinate-descent sweeps run (for a batch, the largest over its rows).</param>
/// <param name="Converged">True when the stopping rule was met within the sweep limit (for a batch, for every row).</param>
/// <param name="KktResidual">
/// max over components t of |projected gradient_t| of ½‖x − wH‖² + L1·Σw + ½·L2·‖w‖² at the returned w, where the
/// projected gradient is g_t when w_t &gt; 0 and min(g_t, 0) when w_t = 0 (zero exactly at the optimum). For a batch, the
/// largest over its rows. Same units as H·x.
/// </param>
public readonly record struct ProjectionResult(int Sweeps, bool Converged, double KktResidual);
