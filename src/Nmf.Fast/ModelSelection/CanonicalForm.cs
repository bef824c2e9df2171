// Normalises fitted factors to the canonical form W·diag(d)·H (unit columns and rows, d descending).
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.ModelSelection;

/// <summary>
/// Removes the two ambiguities of a factorization: the scale (W·H = (W·D)(D⁻¹·H) for any positive diagonal D) and the
/// order of the components. The result <see cref="CanonicalFactors{T}"/> makes the factors of different runs,
/// ranks or libraries directly comparable; <see cref="ModelAlignment"/> then matches their components.
/// </summary>
public static class CanonicalForm
{
    /// <summary>The canonical form of a fit's W and H.</summary>
    /// <param name="result">A fit.</param>
    /// <param name="norm">The norm made 1 for each column of W and row of H (default L2).</param>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public static CanonicalFactors<T> Normalize<T>(NmfResult<T> result, ComponentNorm norm = ComponentNorm.L2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(result);
        return Normalize(result.W.AsReadOnlyMatrixSpan(), result.H.AsReadOnlyMatrixSpan(), norm);
    }

    /// <summary>The canonical form of W (m×k) and H (k×n): W·H = W'·diag(d)·H' with unit columns of W', unit rows of H', d descending.</summary>
    /// <param name="w">W, m×k.</param>
    /// <param name="h">H, k×n.</param>
    /// <param name="norm">The norm made 1 for each column of W and row of H (default L2).</param>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <exception cref="ArgumentException">W's columns and H's rows differ in number, or the norm is unknown.</exception>
    public static CanonicalFactors<T> Normalize<T>(ReadOnlyMatrixSpan<T> w, ReadOnlyMatrixSpan<T> h, ComponentNorm norm = ComponentNorm.L2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (w.Cols != h.Rows) throw new ArgumentException($"W has {w.Cols} columns but H has {h.Rows} rows; they must both be the rank.", nameof(h));
        if (!Enum.IsDefined(norm)) throw new ArgumentOutOfRangeException(nameof(norm), norm, "Unknown norm.");
        int m = w.Rows, k = w.Cols, n = h.Cols;

        var columnNorms = new double[k];
        var rowNorms = new double[k];
        for (int i = 0; i < m; i++)
        {
            var row = w.Row(i);
            for (int c = 0; c < k; c++) columnNorms[c] += Contribution(double.CreateTruncating(row[c]), norm);
        }
        for (int c = 0; c < k; c++) rowNorms[c] = Norm(h.Row(c), norm);
        if (norm == ComponentNorm.L2)
            for (int c = 0; c < k; c++) columnNorms[c] = Math.Sqrt(columnNorms[c]);

        var scales = new double[k];
        for (int c = 0; c < k; c++) scales[c] = columnNorms[c] * rowNorms[c];
        var order = new int[k];
        for (int c = 0; c < k; c++) order[c] = c;
        // Descending scale; equal scales keep their original order, so the form is deterministic.
        Array.Sort(order, (a, b) => scales[a] != scales[b] ? scales[b].CompareTo(scales[a]) : a.CompareTo(b));

        var wOut = new Matrix<T>(m, k);
        var hOut = new Matrix<T>(k, n);
        var sortedScales = new double[k];
        for (int c = 0; c < k; c++)
        {
            int source = order[c];
            bool zero = scales[source] == 0;
            sortedScales[c] = scales[source];
            T wScale = zero ? T.Zero : T.CreateTruncating(1.0 / columnNorms[source]);
            for (int i = 0; i < m; i++) wOut[i, c] = w[i, source] * wScale;
            T hScale = zero ? T.Zero : T.CreateTruncating(1.0 / rowNorms[source]);
            var target = hOut.Row(c);
            var from = h.Row(source);
            for (int j = 0; j < n; j++) target[j] = from[j] * hScale;
        }
        return new CanonicalFactors<T>(wOut, sortedScales, hOut, order, norm);
    }

    /// <summary>‖v‖ in <paramref name="norm"/>, accumulated in double.</summary>
    internal static double Norm<T>(ReadOnlySpan<T> v, ComponentNorm norm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        foreach (T x in v) sum += Contribution(double.CreateTruncating(x), norm);
        return norm == ComponentNorm.L2 ? Math.Sqrt(sum) : sum;
    }

    private static double Contribution(double value, ComponentNorm norm) => norm == ComponentNorm.L1 ? Math.Abs(value) : value * value;
}
