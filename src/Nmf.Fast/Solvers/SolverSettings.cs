// Everything an iteration loop needs from the options, validated and with regularisation already scaled.
namespace Nmf.Fast.Solvers;

/// <summary>
/// Validated, solver-ready settings. Regularisation strengths are already scaled as scikit-learn ≥ 1.2
/// does (_nmf.py, <c>_compute_regularization</c>): with m samples and n features,
/// L1W = αW·l1·n, L2W = αW·(1−l1)·n, L1H = αH·l1·m, L2H = αH·(1−l1)·m, so that the objective is
/// ½·D_β(X‖WH) + L1W·‖W‖₁ + ½·L2W·‖W‖²_F + L1H·‖H‖₁ + ½·L2H·‖H‖²_F.
/// </summary>
internal sealed record SolverSettings
{
    public required int MaxIterations { get; init; }
    public required double Tolerance { get; init; }
    public required double Beta { get; init; }
    public double L1W { get; init; }
    public double L2W { get; init; }
    public double L1H { get; init; }
    public double L2H { get; init; }
    /// <summary>-1 for all cores, else a positive thread count.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
