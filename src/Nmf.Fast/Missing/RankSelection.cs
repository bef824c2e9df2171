// Cross-validated choice of the rank: hold out balanced entries, fit each rank on the rest, score the held-out entries.
using System.Numerics;
using Nmf.Fast.Linear;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Missing;

/// <summary>
/// Chooses the rank k by how well a rank-k fit predicts entries it did not see (Owen &amp; Perry 2009; Kanagal &amp; Sindhwani
/// 2010, "Rank selection in low-rank matrix approximations"). For each draw (<see cref="HoldOutPattern"/>), every candidate
/// rank is fitted to the remaining entries with the weighted solvers, and the relative error on the held-out entries is its
/// test error. Too small a rank misses structure; too large a rank fits noise and predicts worse, so the test error has a minimum.
/// </summary>
public static class RankSelection
{
    /// <summary>Runs cross-validation over <paramref name="ranks"/> and picks one.</summary>
    /// <param name="x">The data, m×n (NaN allowed where <paramref name="weights"/> is 0).</param>
    /// <param name="ranks">Candidate ranks, each ≥ 1 (sorted and deduplicated here).</param>
    /// <param name="crossValidation">Folds, draws, seed, rule, warm starts.</param>
    /// <param name="options">The fit settings for every rank (Rank is replaced by each candidate).</param>
    /// <param name="weights">Optional weights of X itself (its own missing entries are never held out or scored).</param>
    /// <param name="progress">Receives each rank's score as it completes.</param>
    /// <param name="cancellationToken">Stops between fits (throws <see cref="OperationCanceledException"/>).</param>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <exception cref="ArgumentException">No rank, a rank below 1 or above min(m, n), fewer than 2 folds or draws below 1, or invalid data.</exception>
    public static RankSelectionResult CrossValidate<T>(Matrix<T> x, IReadOnlyList<int> ranks, CrossValidationOptions crossValidation, NmfOptions options,
        NmfWeights<T>? weights = null, IProgress<RankScore>? progress = null, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(ranks);
        ArgumentNullException.ThrowIfNull(crossValidation);
        ArgumentNullException.ThrowIfNull(options);
        int m = x.Rows, n = x.Cols;
        int folds = crossValidation.Folds, draws = crossValidation.EffectiveDraws;
        if (folds < 2) throw new ArgumentException($"Cross-validation needs at least 2 folds, got {folds}.", nameof(crossValidation));
        if (draws < 1) throw new ArgumentException($"Cross-validation needs at least 1 draw, got {draws}.", nameof(crossValidation));
        var sorted = ranks.Distinct().Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("Give at least one candidate rank.", nameof(ranks));
        if (sorted[0] < 1 || sorted[^1] > Math.Min(m, n))
            throw new ArgumentException($"Candidate ranks must lie in 1..min(m, n) = 1..{Math.Min(m, n)} for a {m}×{n} X, got {sorted[0]}..{sorted[^1]}.", nameof(ranks));
        weights ??= NmfWeights<T>.MissingWhereNaN(x);
        if (weights.Rows != m || weights.Cols != n)
            throw new ArgumentException($"The weights must have X's shape {m}×{n} but are {weights.Rows}×{weights.Cols}.", nameof(weights));

        var test = new double[sorted.Length, draws];
        var trainErrors = new double[sorted.Length, draws];
        for (int d = 0; d < draws; d++)
        {
            var pattern = new HoldOutPattern(m, n, folds, d, crossValidation.Seed);
            var trainWeights = TrainWeights(weights, pattern);
            Matrix<T>? previousW = null, previousH = null;
            for (int r = 0; r < sorted.Length; r++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int k = sorted[r];
                var fitOptions = options with { Rank = k, Seed = options.Seed ?? crossValidation.Seed, TargetError = null };
                if (crossValidation.WarmStart && previousW is not null && sorted[r - 1] == k - 1)
                    fitOptions = WarmStart(fitOptions, previousW, previousH!, x, weights, crossValidation.Seed + d * 1000 + k);
                else if (fitOptions.Init == NmfInit.Custom)
                    fitOptions = fitOptions with { Init = NmfInit.Auto, InitialW = null, InitialH = null };
                var result = NonNegativeMatrixFactorization.Fit(x, trainWeights, fitOptions, null, cancellationToken);
                (trainErrors[r, d], test[r, d]) = Errors(x, weights, pattern, result);
                previousW = result.W;
                previousH = result.H;
            }
        }

        var scores = new RankScore[sorted.Length];
        for (int r = 0; r < sorted.Length; r++)
        {
            var testRow = Enumerable.Range(0, draws).Select(d => test[r, d]).ToArray();
            var trainRow = Enumerable.Range(0, draws).Select(d => trainErrors[r, d]).ToArray();
            scores[r] = new RankScore(sorted[r], trainRow.Average(), StandardError(trainRow), testRow.Average(), StandardError(testRow), testRow);
            progress?.Report(scores[r]);
        }
        int best = 0;
        for (int r = 1; r < scores.Length; r++) if (scores[r].TestError < scores[best].TestError) best = r;
        int chosen = best;
        if (crossValidation.Rule == RankChoiceRule.OneStandardError)
        {
            double limit = scores[best].TestError + scores[best].TestStandardError;
            chosen = Array.FindIndex(scores, s => s.TestError <= limit);
        }
        return new RankSelectionResult(scores, scores[chosen].Rank, scores[best].Rank, crossValidation.Rule, folds, draws);
    }

    /// <summary>The weights of the fit: X's own weights with this draw's held-out entries set to 0.</summary>
    private static NmfWeights<T> TrainWeights<T>(NmfWeights<T> weights, HoldOutPattern pattern) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var omega = weights.AsReadOnlyMatrixSpan();
        var w = Matrix<T>.CopyOf(omega);
        for (int i = 0; i < w.Rows; i++)
        {
            var row = w.Row(i);
            for (int j = 0; j < row.Length; j++)
                if (pattern.IsHeldOut(i, j)) row[j] = T.Zero;
        }
        return NmfWeights<T>.FromWeights(w);
    }

    /// <summary>Relative errors on the observed training entries and on the held-out observed entries.</summary>
    private static (double Train, double Test) Errors<T>(Matrix<T> x, NmfWeights<T> weights, HoldOutPattern pattern, NmfResult<T> fit)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var v = new Matrix<T>(x.Rows, x.Cols);
        Gemm.Multiply(T.One, fit.W, MatrixOp.None, fit.H, MatrixOp.None, T.Zero, v, fit.Options.MaxDegreeOfParallelism);
        double trainResidual = 0, trainNorm = 0, testResidual = 0, testNorm = 0;
        for (int i = 0; i < x.Rows; i++)
        {
            var xr = x.Row(i);
            var vr = v.Row(i);
            for (int j = 0; j < xr.Length; j++)
            {
                if (!weights.IsObserved(i, j)) continue;
                double xv = double.CreateTruncating(xr[j]), e = xv - double.CreateTruncating(vr[j]);
                if (pattern.IsHeldOut(i, j))
                {
                    testResidual += e * e;
                    testNorm += xv * xv;
                }
                else
                {
                    trainResidual += e * e;
                    trainNorm += xv * xv;
                }
            }
        }
        return (Relative(trainResidual, trainNorm), Relative(testResidual, testNorm));
    }

    private static double Relative(double residual, double norm) => norm == 0 ? Math.Sqrt(residual) : Math.Sqrt(residual / norm);

    private static double StandardError(double[] values)
    {
        if (values.Length < 2) return 0;
        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return Math.Sqrt(variance / values.Length);
    }

    /// <summary>Options that start rank k from the rank k − 1 factors plus one small random component.</summary>
    private static NmfOptions WarmStart<T>(NmfOptions options, Matrix<T> w, Matrix<T> h, Matrix<T> x, NmfWeights<T> weights, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = w.Rows, n = h.Cols, k = options.Rank;
        double sum = 0;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                if (weights.IsObserved(i, j)) sum += double.CreateTruncating(x[i, j]);
        double scale = Math.Sqrt(sum / Math.Max(1, weights.ObservedCount) / k) / 10;
        var rng = new System.Random(seed);
        var w0 = new Matrix<double>(m, k);
        var h0 = new Matrix<double>(k, n);
        for (int i = 0; i < m; i++)
        {
            for (int t = 0; t < k - 1; t++) w0[i, t] = double.CreateTruncating(w[i, t]);
            w0[i, k - 1] = scale * rng.NextDouble();
        }
        for (int t = 0; t < k - 1; t++)
            for (int j = 0; j < n; j++) h0[t, j] = double.CreateTruncating(h[t, j]);
        for (int j = 0; j < n; j++) h0[k - 1, j] = scale * rng.NextDouble();
        return options with { Init = NmfInit.Custom, InitialW = w0, InitialH = h0 };
    }
}
