// One fit of a fixed X (dense pinned or CSR) with given options: what the multi-start runner calls once per run.
using System.Numerics;
using Nmf.Fast.Memory;
using Nmf.Fast.Validation;

namespace Nmf.Fast.ModelSelection;

/// <summary>Fits the X it holds with the options of one run; a struct so the run loop is not virtual.</summary>
internal interface IRunFitter<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>One single-start fit (<paramref name="options"/> has Runs = 1) reporting to <paramref name="progress"/>.</summary>
    NmfResult<T> Fit(NmfOptions options, IProgress<NmfProgress>? progress, CancellationToken cancellationToken);

    /// <summary>The checks a fit makes before it starts, run once on the calling thread so errors surface there.</summary>
    void Validate(NmfOptions options);
}

/// <summary>A dense X held as a pinned view, so worker threads can reach it (a <see cref="ReadOnlyMatrixSpan{T}"/> cannot cross threads).</summary>
internal readonly struct DenseRunFitter<T>(PinnedMatrixView<T> x) : IRunFitter<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public NmfResult<T> Fit(NmfOptions options, IProgress<NmfProgress>? progress, CancellationToken cancellationToken) =>
        NonNegativeMatrixFactorization.Fit(x.AsReadOnly(), options, progress, cancellationToken);

    public void Validate(NmfOptions options)
    {
        NmfOptionsValidator.ValidateOptions(options);
        NmfOptionsValidator.ValidateForData(options, x.AsReadOnly());
    }
}

/// <summary>A sparse (CSR) X.</summary>
internal readonly struct SparseRunFitter<T>(CsrMatrix<T> x) : IRunFitter<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public NmfResult<T> Fit(NmfOptions options, IProgress<NmfProgress>? progress, CancellationToken cancellationToken) =>
        NonNegativeMatrixFactorization.Fit(x, options, progress, cancellationToken);

    public void Validate(NmfOptions options)
    {
        NmfOptionsValidator.ValidateOptions(options);
        NmfOptionsValidator.ValidateForData(options, x);
    }
}
