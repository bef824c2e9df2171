// A fitted PCA: components, scores, mean, explained variance; maps rows to scores (Transform) and back (InverseTransform).
using System.Numerics;
using Nmf.Fast.Linear;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Analysis;

/// <summary>
/// The result of <see cref="PrincipalComponents.Fit{T}(Matrix{T}, int, int, int)"/>, in scikit-learn's names:
/// X ≈ 1·μ + Scores·Components.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class PcaResult<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _maxDegreeOfParallelism;

    internal PcaResult(Matrix<T> components, Matrix<T> scores, Matrix<T> mean, double[] singularValues, double[] explainedVariance,
        double totalVariance, double relativeError, int maxDegreeOfParallelism)
    {
        Components = components;
        Scores = scores;
        Mean = mean;
        SingularValues = singularValues;
        ExplainedVariance = explainedVariance;
        TotalVariance = totalVariance;
        ExplainedVarianceRatio = explainedVariance.Select(v => totalVariance == 0 ? 0 : v / totalVariance).ToArray();
        RelativeError = relativeError;
        _maxDegreeOfParallelism = maxDegreeOfParallelism;
    }

    /// <summary>The k principal axes (k×n), orthonormal rows, by decreasing explained variance (<c>components_</c>).</summary>
    public Matrix<T> Components { get; }

    /// <summary>The training rows in component coordinates (m×k): (X − 1·μ)·Componentsᵀ, as <see cref="Transform"/> gives.</summary>
    public Matrix<T> Scores { get; }

    /// <summary>The column means μ (1×n) subtracted before the SVD (<c>mean_</c>).</summary>
    public Matrix<T> Mean { get; }

    /// <summary>The number of components k.</summary>
    public int Rank => Components.Rows;

    /// <summary>The k singular values of the centred X, descending (<c>singular_values_</c>).</summary>
    public IReadOnlyList<double> SingularValues { get; }

    /// <summary>The variance along each component, sⱼ² / (m − 1) (<c>explained_variance_</c>).</summary>
    public IReadOnlyList<double> ExplainedVariance { get; }

    /// <summary>Each component's share of the total variance (<c>explained_variance_ratio_</c>).</summary>
    public IReadOnlyList<double> ExplainedVarianceRatio { get; }

    /// <summary>The total variance of X: the sum of its column variances with divisor m − 1.</summary>
    public double TotalVariance { get; }

    /// <summary>‖X − (1·μ + Scores·Components)‖_F / ‖X‖_F, comparable with an NMF fit's relative error.</summary>
    public double RelativeError { get; }

    /// <summary>Scores of new rows: (X − 1·μ)·Componentsᵀ (m×k).</summary>
    /// <param name="x">Rows with the training data's number of columns.</param>
    /// <exception cref="ArgumentException">x has a different number of columns.</exception>
    public Matrix<T> Transform(ReadOnlyMatrixSpan<T> x)
    {
        if (x.Cols != Components.Cols)
            throw new ArgumentException($"X must have {Components.Cols} columns (the training data's) but has {x.Cols}.", nameof(x));
        var centred = new Matrix<T>(x.Rows, x.Cols);
        var mean = Mean.Row(0);
        for (int i = 0; i < x.Rows; i++)
        {
            var source = x.Row(i);
            var target = centred.Row(i);
            for (int j = 0; j < target.Length; j++) target[j] = source[j] - mean[j];
        }
        var scores = new Matrix<T>(x.Rows, Rank);
        Gemm.Multiply(T.One, centred, MatrixOp.None, Components, MatrixOp.Transpose, T.Zero, scores, _maxDegreeOfParallelism);
        return scores;
    }

    /// <summary>Rows back in data space: 1·μ + scores·Components (m×n).</summary>
    /// <param name="scores">Scores with k columns, e.g. <see cref="Scores"/> or a slice of its rows.</param>
    /// <exception cref="ArgumentException">The scores do not have k columns.</exception>
    public Matrix<T> InverseTransform(ReadOnlyMatrixSpan<T> scores)
    {
        if (scores.Cols != Rank)
            throw new ArgumentException($"The scores must have {Rank} columns (the rank) but have {scores.Cols}.", nameof(scores));
        var result = new Matrix<T>(scores.Rows, Components.Cols);
        for (int i = 0; i < result.Rows; i++) Mean.Row(0).CopyTo(result.Row(i));
        Gemm.Multiply(T.One, scores, MatrixOp.None, Components, MatrixOp.None, T.One, result, _maxDegreeOfParallelism);
        return result;
    }
}
