// Completing a matrix with missing entries from a fitted model: the data where observed, W·H where missing.
using System.Numerics;
using Nmf.Fast.Linear;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Missing;

/// <summary>Imputation of missing entries by the fitted low-rank model (what <c>nmf impute</c> writes).</summary>
public static class Imputation
{
    /// <summary>
    /// The completed matrix: X where the weight is positive, (W·H)ᵢⱼ where it is 0. W and H come from <paramref name="result"/>,
    /// which must have been fitted on this X (same shape).
    /// </summary>
    /// <param name="x">The data as given to the fit (NaN allowed at missing entries).</param>
    /// <param name="weights">The weights of the fit.</param>
    /// <param name="result">The fit.</param>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <exception cref="ArgumentException">The shapes of X, the weights and the factors disagree.</exception>
    public static Matrix<T> Complete<T>(Matrix<T> x, NmfWeights<T> weights, NmfResult<T> result) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(result);
        if (weights.Rows != x.Rows || weights.Cols != x.Cols)
            throw new ArgumentException($"The weights must have X's shape {x.Rows}×{x.Cols} but are {weights.Rows}×{weights.Cols}.", nameof(weights));
        if (result.W.Rows != x.Rows || result.H.Cols != x.Cols)
            throw new ArgumentException($"The fit is for a {result.W.Rows}×{result.H.Cols} X but X is {x.Rows}×{x.Cols}.", nameof(result));
        var completed = new Matrix<T>(x.Rows, x.Cols);
        Gemm.Multiply(T.One, result.W, MatrixOp.None, result.H, MatrixOp.None, T.Zero, completed, result.Options.MaxDegreeOfParallelism);
        var omega = weights.AsReadOnlyMatrixSpan();
        for (int i = 0; i < x.Rows; i++)
        {
            var source = x.Row(i);
            var wr = omega.Row(i);
            var row = completed.Row(i);
            for (int j = 0; j < row.Length; j++)
                if (wr[j] > T.Zero) row[j] = source[j];
        }
        return completed;
    }
}
