// ‖X − WH‖_F / ‖X‖_F from the factors themselves: the one error measure applied to every library.
using Nmf.Fast.Memory;

namespace Nmf.Fast.Cli.Compare;

/// <summary>
/// The relative Frobenius error of a factorization, evaluated directly from the residual in double precision
/// (no ‖X‖² − 2⟨X, WH⟩ + ‖WH‖² expansion, which cancels badly when the error is small). Deliberately a plain
/// loop of its own rather than the engine's kernels: the referee must not share code with one of the players.
/// </summary>
internal static class RelativeError
{
    /// <summary>‖X − WH‖_F / ‖X‖_F; 0 when X and WH are both 0, +∞ when only X is 0; NaN if a factor holds NaN.</summary>
    /// <exception cref="ArgumentException">The shapes of X (m×n), W (m×k) and H (k×n) disagree.</exception>
    public static double Of(ReadOnlyMatrixSpan<double> x, ReadOnlyMatrixSpan<double> w, ReadOnlyMatrixSpan<double> h)
    {
        if (w.Rows != x.Rows || h.Cols != x.Cols || w.Cols != h.Rows)
            throw new ArgumentException(
                $"W is {w.Rows}×{w.Cols} and H is {h.Rows}×{h.Cols}, which do not factor an X of {x.Rows}×{x.Cols}.");
        int n = x.Cols, k = w.Cols;
        var product = new double[n];
        double residual = 0, norm = 0;
        for (int i = 0; i < x.Rows; i++)
        {
            Array.Clear(product);
            var wRow = w.Row(i);
            for (int p = 0; p < k; p++)
            {
                double wip = wRow[p];
                var hRow = h.Row(p);
                for (int j = 0; j < n; j++) product[j] += wip * hRow[j];
            }
            var xRow = x.Row(i);
            for (int j = 0; j < n; j++)
            {
                double r = xRow[j] - product[j];
                residual += r * r;
                norm += xRow[j] * xRow[j];
            }
        }
        if (norm == 0) return residual == 0 ? 0 : double.PositiveInfinity;
        return Math.Sqrt(residual) / Math.Sqrt(norm);
    }

    /// <summary>
    /// ‖X − WH‖_F / ‖X‖_F for a sparse X without an m×n buffer, in O(nnz·k + (m + n)·k²):
    /// ‖X − WH‖² = ‖X‖² − 2·Σ_stored xᵢⱼ·(WH)ᵢⱼ + ⟨WᵀW, HHᵀ⟩ (the expansion scikit-learn uses for sparse X), clamped at 0.
    /// The expansion loses about 1e-16·‖X‖² absolutely, so errors below ~1e-7 are not resolved; real sparse data
    /// sits far above that. The same plain loops as the dense overload, sharing no code with the engine.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes of X (m×n), W (m×k) and H (k×n) disagree.</exception>
    public static double Of(CsrMatrix<double> x, ReadOnlyMatrixSpan<double> w, ReadOnlyMatrixSpan<double> h)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (w.Rows != x.Rows || h.Cols != x.Cols || w.Cols != h.Rows)
            throw new ArgumentException(
                $"W is {w.Rows}×{w.Cols} and H is {h.Rows}×{h.Cols}, which do not factor an X of {x.Rows}×{x.Cols}.");
        int n = x.Cols, k = w.Cols;
        // Hᵀ, so that (WH)ᵢⱼ = W[i, :]·Hᵀ[j, :] reads two contiguous rows of k.
        var ht = new double[(long)n * k];
        for (int p = 0; p < k; p++)
        {
            var hRow = h.Row(p);
            for (int j = 0; j < n; j++) ht[(long)j * k + p] = hRow[j];
        }
        double norm = 0, inner = 0;
        var gramW = new double[k * k];
        for (int i = 0; i < x.Rows; i++)
        {
            var wRow = w.Row(i);
            var columns = x.RowColumnIndices(i);
            var values = x.RowValues(i);
            for (int s = 0; s < values.Length; s++)
            {
                var htRow = ht.AsSpan((int)((long)columns[s] * k), k);
                double product = 0;
                for (int p = 0; p < k; p++) product += wRow[p] * htRow[p];
                inner += values[s] * product;
                norm += values[s] * values[s];
            }
            for (int p = 0; p < k; p++)
                for (int q = 0; q < k; q++) gramW[p * k + q] += wRow[p] * wRow[q];
        }
        double gramInner = 0;
        for (int p = 0; p < k; p++)
        {
            var hp = h.Row(p);
            for (int q = 0; q < k; q++)
            {
                var hq = h.Row(q);
                double gramH = 0;
                for (int j = 0; j < n; j++) gramH += hp[j] * hq[j];
                gramInner += gramW[p * k + q] * gramH;
            }
        }
        double residual = norm - 2 * inner + gramInner;
        if (double.IsNaN(residual)) return double.NaN;
        residual = Math.Max(0, residual);
        if (norm == 0) return residual == 0 ? 0 : double.PositiveInfinity;
        return Math.Sqrt(residual) / Math.Sqrt(norm);
    }

    /// <summary>
    /// The relative error from Nmf.Fast's loss trace value ½‖X − WH‖²_F (no penalties in a comparison):
    /// √(2·loss) / ‖X‖_F.
    /// </summary>
    public static double FromHalfSquaredLoss(double loss, double xNorm) =>
        xNorm == 0 ? 0 : Math.Sqrt(2 * Math.Max(0, loss)) / xNorm;
}
