// NmfModel.Transform for new rows with missing features: W for each row fitted to its observed entries only (H fixed).
using System.Diagnostics;
using System.Numerics;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers;

namespace Nmf.Fast.Missing;

/// <summary>Weighted projection of new rows onto a fitted model.</summary>
public static class MaskedTransform
{
    /// <summary>
    /// W (m×k) for new rows X with H fixed, each row fitted only to its observed (positively weighted) features: for the
    /// Frobenius loss the non-negative least squares min_w ½·Σⱼ ωⱼ(xⱼ − w·hⱼ)² + penalties by HALS from w = 0 (the per-row
    /// Gram uses only the observed columns of H); for other β the weighted multiplicative update of W alone. Same tolerance,
    /// iteration limit and W regularisation as <see cref="NmfModel{T}.Transform(Matrix{T}, IProgress{NmfProgress}?, CancellationToken)"/>.
    /// A row with no observed feature gets w = 0. Weights of all 1 give exactly the unweighted Transform.
    /// </summary>
    /// <param name="model">The fitted model.</param>
    /// <param name="x">New rows, m×n (n = the model's features); NaN allowed where the weight is 0.</param>
    /// <param name="weights">Ω, m×n.</param>
    /// <param name="progress">Receives the loss after each iteration.</param>
    /// <param name="cancellationToken">Stops between iterations.</param>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <exception cref="ArgumentException">X has the wrong number of columns, the weights the wrong shape, every entry is missing, or an observed value is invalid.</exception>
    public static Matrix<T> Transform<T>(this NmfModel<T> model, Matrix<T> x, NmfWeights<T> weights, IProgress<NmfProgress>? progress = null,
        CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weights);
        if (x.Cols != model.Features)
            throw new ArgumentException($"X has {x.Cols} columns but the model was fitted on {model.Features} features.", nameof(x));
        var options = model.Options;
        var problem = WeightedProblem<T>.Create(x.AsReadOnlyMatrixSpan(), weights, options.Beta, nameof(x), nameof(weights));
        if (weights.IsUniform(out T common) && common == T.One) return model.Transform(x, progress, cancellationToken);

        int m = x.Rows, k = model.Rank;
        var w = new Matrix<T>(m, k);
        var h = model.Components.Clone();
        var settings = NonNegativeMatrixFactorization.SettingsFor(options, m, model.Features, updateH: false);
        var monitor = new IterationMonitor(progress, cancellationToken, options.TimeBudget, Stopwatch.StartNew());
        if (NonNegativeMatrixFactorization.ResolveSolver(options.Solver, options.Beta) == NmfSolver.MultiplicativeUpdate)
        {
            // scikit-learn's MU transform starts from √(mean(X)/k); the mean is over the observed entries.
            double mean = problem.ObservedMean();
            w.AsSpan().Fill(T.CreateTruncating(Math.Sqrt(mean / k)));
            MaskedMultiplicativeUpdate.Run(problem.ZeroFilled, weights.AsReadOnlyMatrixSpan(), w.AsMatrixSpan(), h.AsMatrixSpan(), settings, monitor, updateH: false);
        }
        else
        {
            var (rows, _) = problem.Lists(withColumns: false);
            MaskedHalsSolver.Run(new DenseWeightedData<T>(problem.Weighted, problem.WeightedSquaredNorm, keepTranspose: false), rows, null,
                w.AsMatrixSpan(), h.AsMatrixSpan(), settings, monitor, updateH: false);
        }
        return w;
    }
}
