// The HALS loop of a weighted fit: W step and H step each build per-row Grams (MaskedHalsSweep); scikit-learn's violation stopping rule.
using System.Numerics;
using Nmf.Fast.Linear;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers;
using Nmf.Fast.Solvers.Data;

namespace Nmf.Fast.Missing;

/// <summary>
/// HALS for ½·Σ ωᵢⱼ(xᵢⱼ − (WH)ᵢⱼ)² + penalties. Per iteration:
/// <list type="number">
/// <item>W step: C = (Ω∘X)·Hᵀ, G = H·Hᵀ; one <see cref="MaskedHalsSweep"/> over the rows of W (row lists of Ω).</item>
/// <item>H step (unless H is fixed): C = (Ω∘X)ᵀ·W, G = WᵀW; one sweep over the rows of Hᵀ (column lists of Ω).</item>
/// <item>Stop when violation / first violation ≤ tol, as the unweighted HALS (scikit-learn's <c>cd</c> rule).</item>
/// </list>
/// A side whose lists carry the data (sparse X, only stored entries observed, every list direct) skips the product and the
/// Gram and runs <see cref="ResidualHalsSweep"/> (O(|Ω|·k)) instead of the per-row-Gram sweep (O(|Ω|·k²/2)).
/// Both factors are held rank-contiguous (W m×k, Hᵀ n×k): a row of either is one sweep target.
/// The loss after each step is exact: the sweeps return each row's share, computed from its own Gram.
/// </summary>
internal static class MaskedHalsSolver
{
    /// <summary>Runs in place on <paramref name="w"/> (m×k) and <paramref name="h"/> (k×n) from their current values.</summary>
    public static (int Iterations, bool Converged) Run<T>(WeightedData<T> data, ObservationLists<T> rows, ObservationLists<T>? cols,
        MatrixSpan<T> w, MatrixSpan<T> h, SolverSettings settings, IterationMonitor monitor, bool updateH)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = data.Rows, n = data.Cols, k = w.Cols;
        int kp = RowGram.PaddedRank<T>(k); // rank-contiguous rows padded to whole vectors (padding stays 0)
        int dop = settings.MaxDegreeOfParallelism;
        var wp = new Matrix<T>(m, kp);
        var htp = new Matrix<T>(n, kp);
        for (int i = 0; i < m; i++) w.Row(i).CopyTo(wp.Row(i));
        for (int t = 0; t < k; t++)
        {
            var hRow = h.Row(t);
            for (int j = 0; j < n; j++) htp[j, t] = hRow[j];
        }
        // Component-major copies for the dense products (empty when the data reads the rank-contiguous factors).
        // A side whose lists carry the data (sparse X, stored entries observed) needs no product: its sweep reads X itself.
        bool productW = rows.Values is null, productH = updateH && cols!.Values is null;
        bool componentMajor = data.NeedsComponentMajor;
        var hRows = componentMajor && productW ? Matrix<T>.CopyOf(h) : new Matrix<T>(0, 0);
        var wRows = componentMajor && productH ? new Matrix<T>(k, m) : new Matrix<T>(0, 0);
        var scratchW = componentMajor && productW ? new Matrix<T>(k, m) : new Matrix<T>(0, 0);
        var scratchH = componentMajor && productH ? new Matrix<T>(k, n) : new Matrix<T>(0, 0);
        var crossW = productW ? new Matrix<T>(m, kp) : new Matrix<T>(0, kp);
        var crossH = productH ? new Matrix<T>(n, kp) : new Matrix<T>(0, kp);
        var gram = new Matrix<T>(kp, kp);
        var violations = new double[Math.Max(m, n)];
        var losses = new double[Math.Max(m, n)];
        double constant = 0.5 * data.WeightedSquaredNorm;

        int iteration = 0;
        bool converged = false;
        double violationInit = 0;
        while (iteration < settings.MaxIterations && !monitor.ShouldStop())
        {
            iteration++;
            if (productW)
            {
                data.TimesFactor(hRows, htp, crossW, scratchW, dop);
                Gram.OfColumns(htp.AsReadOnlyMatrixSpan(), gram, dop);
            }
            if (iteration == 1)
            {
                Sweep(wp, crossW, htp, gram, rows, k, settings.L1W, settings.L2W, violations, losses, evaluateOnly: true, dop);
                monitor.Report(0, constant + Sum(losses, m) + Penalty(htp, settings.L1H, settings.L2H, updateH));
            }
            double violation = Sweep(wp, crossW, htp, gram, rows, k, settings.L1W, settings.L2W, violations, losses, evaluateOnly: false, dop);
            double loss = constant + Sum(losses, m) + Penalty(htp, settings.L1H, settings.L2H, updateH);

            if (updateH)
            {
                if (productH)
                {
                    if (componentMajor) CsrFitData<T>.Transpose(wp.AsReadOnlyMatrixSpan().Slice(0, 0, m, k), wRows);
                    data.TransposeTimesFactor(wRows, wp, crossH, scratchH, dop);
                    Gram.OfColumns(wp.AsReadOnlyMatrixSpan(), gram, dop);
                }
                violation += Sweep(htp, crossH, wp, gram, cols!, k, settings.L1H, settings.L2H, violations, losses, evaluateOnly: false, dop);
                loss = constant + Sum(losses, n) + Penalty(wp, settings.L1W, settings.L2W, include: true);
                if (componentMajor && productW) CsrFitData<T>.Transpose(htp.AsReadOnlyMatrixSpan().Slice(0, 0, n, k), hRows);
            }
            monitor.Report(iteration, loss);

            if (iteration == 1) violationInit = violation;
            if (violationInit == 0 || violation / violationInit <= settings.Tolerance)
            {
                converged = true;
                break;
            }
        }

        for (int i = 0; i < m; i++) wp.Row(i)[..k].CopyTo(w.Row(i));
        if (updateH)
        {
            for (int t = 0; t < k; t++)
            {
                var hRow = h.Row(t);
                for (int j = 0; j < n; j++) hRow[j] = htp[j, t];
            }
        }
        return (iteration, converged);
    }

    /// <summary>
    /// One sweep of a side: <see cref="ResidualHalsSweep"/> where the lists carry the data (a sparse X with only its stored
    /// entries observed, every list direct: O(|Ω|·k)), otherwise <see cref="MaskedHalsSweep"/> with per-row Grams (O(|Ω|·k²/2)).
    /// </summary>
    private static double Sweep<T>(Matrix<T> factor, Matrix<T> cross, Matrix<T> other, Matrix<T> gram, ObservationLists<T> lists, int k,
        double l1, double l2, double[] violations, double[] losses, bool evaluateOnly, int dop)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        lists.Values is not null
            ? ResidualHalsSweep.Run(factor, other, lists, k, l1, l2, violations, losses, evaluateOnly, dop)
            : MaskedHalsSweep.Run(factor, cross, other, gram, lists, k, l1, l2, violations, losses, evaluateOnly, dop);

    private static double Sum(double[] values, int count)
    {
        double s = 0;
        for (int i = 0; i < count; i++) s += values[i];
        return s;
    }

    /// <summary>L1·Σf + ½·L2·‖f‖² of the factor not being updated (the updated one's penalty is in the row shares).</summary>
    private static double Penalty<T>(Matrix<T> factor, double l1, double l2, bool include) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!include || (l1 == 0 && l2 == 0)) return 0;
        var all = factor.AsSpan();
        double sum = 0, squares = 0;
        foreach (T v in all)
        {
            double d = double.CreateTruncating(v);
            sum += d;
            squares += d * d;
        }
        return l1 * sum + 0.5 * l2 * squares;
    }
}
