// Helpers for the MU tests: scikit-learn's regularisation scaling, monitors, random problems and comparisons.
using System.Diagnostics;
using System.Numerics;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers;
using Nmf.Fast.Solvers.MultiplicativeUpdate;

namespace Nmf.Fast.Tests.Solvers.MultiplicativeUpdate;

internal static class MuTestSupport
{
    /// <summary>SolverSettings scaled as scikit-learn 1.2.1's <c>NMF._compute_regularization</c> (same order of operations).</summary>
    public static SolverSettings Settings(int samples, int features, double beta, int maxIterations, double tol,
        double alphaW = 0, double alphaH = 0, double l1Ratio = 0, int dop = 1) => new()
        {
            MaxIterations = maxIterations,
            Tolerance = tol,
            Beta = beta,
            L1W = features * alphaW * l1Ratio,
            L1H = samples * alphaH * l1Ratio,
            L2W = features * alphaW * (1.0 - l1Ratio),
            L2H = samples * alphaH * (1.0 - l1Ratio),
            MaxDegreeOfParallelism = dop,
        };

    public static IterationMonitor Monitor(CancellationToken token = default) =>
        new(null, token, null, Stopwatch.StartNew());

    public static (int Iterations, bool Converged, IReadOnlyList<NmfProgress> Trace) Run<T>(
        Matrix<T> x, Matrix<T> w, Matrix<T> h, SolverSettings settings, bool updateH = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var monitor = Monitor();
        var (iterations, converged) = MultiplicativeUpdateSolver.Run<T>(x, w, h, settings, monitor, updateH);
        return (iterations, converged, monitor.Trace);
    }

    /// <summary>A random non-negative m×n matrix with entries in [low, high) and a fraction of exact zeros.</summary>
    public static Matrix<T> Random<T>(System.Random rng, int rows, int cols, double low = 0.05, double high = 1.0, double zeros = 0.0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var m = new Matrix<T>(rows, cols);
        var s = m.AsSpan();
        for (int i = 0; i < s.Length; i++)
            s[i] = rng.NextDouble() < zeros ? T.Zero : T.CreateTruncating(low + (high - low) * rng.NextDouble());
        return m;
    }

    public static Matrix<T> FromFlat<T>(IReadOnlyList<double> values, int rows, int cols)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var m = new Matrix<T>(rows, cols);
        var s = m.AsSpan();
        for (int i = 0; i < s.Length; i++) s[i] = T.CreateTruncating(values[i]);
        return m;
    }

    /// <summary>max_ij |a − b| / max_ij |b|: the error relative to the matrix's scale.</summary>
    public static double MaxRelativeDifference<T>(Matrix<T> actual, IReadOnlyList<double> expected)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = actual.AsSpan();
        double maxDiff = 0, scale = 0;
        for (int i = 0; i < s.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(double.CreateTruncating(s[i]) - expected[i]));
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }
        return scale == 0 ? maxDiff : maxDiff / scale;
    }
}
