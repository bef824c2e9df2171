// A fitted dictionary H with the options that produced it: projects new rows (Transform) and maps back (InverseTransform).
using System.Numerics;
using Nmf.Fast.Linear;
using Nmf.Fast.Memory;
using Nmf.Fast.Validation;

namespace Nmf.Fast;

/// <summary>
/// The fitted components H (k×n) and the options of the fit, like scikit-learn's fitted <c>NMF</c> estimator:
/// <see cref="Transform(ReadOnlyMatrixSpan{T}, IProgress{NmfProgress}?, CancellationToken)"/> solves for W with
/// H fixed, <see cref="InverseTransform(ReadOnlyMatrixSpan{T})"/> returns W·H.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class NmfModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A model from components H (k×n, non-negative, finite) and the options they were fitted with.</summary>
    /// <exception cref="ArgumentException">H does not have <c>options.Rank</c> rows or holds a negative, NaN or infinite value.</exception>
    public NmfModel(Matrix<T> components, NmfOptions options)
    {
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(options);
        if (components.Rows != options.Rank)
            throw new ArgumentException($"H has {components.Rows} rows but the options ask for rank {options.Rank}.", nameof(components));
        InputChecks.RequireNonNegativeFinite(components.AsReadOnlyMatrixSpan(), "H", nameof(components));
        Components = components;
        Options = options;
    }

    /// <summary>H (k×n): one component per row, as scikit-learn's <c>components_</c>.</summary>
    public Matrix<T> Components { get; }

    /// <summary>The options of the fit; <see cref="Transform(ReadOnlyMatrixSpan{T}, IProgress{NmfProgress}?, CancellationToken)"/> uses the same solver, loss, tolerance and regularisation of W.</summary>
    public NmfOptions Options { get; }

    /// <summary>k, the number of components.</summary>
    public int Rank => Components.Rows;

    /// <summary>n, the number of features each row of X must have.</summary>
    public int Features => Components.Cols;

    /// <summary>
    /// W (m×k) for new rows X (m×n) with H fixed, as scikit-learn's <c>transform</c>: for the Frobenius loss
    /// HALS on W alone from W = 0, for other β the multiplicative update of W alone from √(mean(X)/k);
    /// same tolerance, iteration limit and W regularisation (scaled by n) as the fit.
    /// </summary>
    /// <exception cref="ArgumentException">X has the wrong number of columns or a negative, NaN or infinite value.</exception>
    public Matrix<T> Transform(ReadOnlyMatrixSpan<T> x, IProgress<NmfProgress>? progress = null, CancellationToken cancellationToken = default) =>
        NonNegativeMatrixFactorization.TransformCore(x, this, progress, cancellationToken);

    /// <inheritdoc cref="Transform(ReadOnlyMatrixSpan{T}, IProgress{NmfProgress}?, CancellationToken)"/>
    public Matrix<T> Transform(Matrix<T> x, IProgress<NmfProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Transform(x.AsReadOnlyMatrixSpan(), progress, cancellationToken);
    }

    /// <summary>
    /// W (m×k) for new sparse rows X (CSR, m×n) with H fixed: the same solver, initial W, tolerance and regularisation as
    /// the dense overload, on the stored entries only (never densified; O(nnz + m·k) extra memory).
    /// </summary>
    /// <exception cref="ArgumentException">X has the wrong number of columns or no rows, a stored value is negative, NaN or infinite, or β ≤ 0 and X has a zero.</exception>
    public Matrix<T> Transform(CsrMatrix<T> x, IProgress<NmfProgress>? progress = null, CancellationToken cancellationToken = default) =>
        NonNegativeMatrixFactorization.TransformCore(x, this, progress, cancellationToken);

    /// <summary>W·H (m×n): the data the factors represent, as scikit-learn's <c>inverse_transform</c>.</summary>
    /// <exception cref="ArgumentException">W does not have k columns.</exception>
    public Matrix<T> InverseTransform(ReadOnlyMatrixSpan<T> w)
    {
        if (w.Cols != Rank)
            throw new ArgumentException($"W must have {Rank} columns (the rank) but has {w.Cols}.", nameof(w));
        var product = new Matrix<T>(w.Rows, Features);
        Gemm.Multiply(T.One, w, MatrixOp.None, Components, MatrixOp.None, T.Zero, product, Options.MaxDegreeOfParallelism);
        return product;
    }

    /// <inheritdoc cref="InverseTransform(ReadOnlyMatrixSpan{T})"/>
    public Matrix<T> InverseTransform(Matrix<T> w)
    {
        ArgumentNullException.ThrowIfNull(w);
        return InverseTransform(w.AsReadOnlyMatrixSpan());
    }
}
