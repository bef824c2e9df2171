// Same-run baseline: the projector as first merged (per-row TensorPrimitives.Dot for H·x, cold-start FNNLS), float only.
using System.Numerics.Tensors;
using Nmf.Fast.Linear;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Benchmarks.Baselines;

/// <summary>
/// The single-sample path of <c>NmfProjector</c> before the warm start (commit 01a1935), kept so benchmarks can compare
/// old and new in one run on a shared machine: b = H·x by one <c>TensorPrimitives.Dot</c> per component, then Bro &amp;
/// de Jong's FNNLS from w = 0 (one component added per step, Cholesky rows recomputed from the first removed
/// position), stack scratch zeroed on every call. No regularisation, no validation, no KKT residual.
/// </summary>
public sealed class ColdStartActiveSetProjector
{
    private readonly float[] _h;
    private readonly double[] _gram;
    private readonly int _k;
    private readonly int _n;

    /// <summary>Copies H and computes G = H·Hᵀ in double.</summary>
    public ColdStartActiveSetProjector(NmfModel<float> model)
    {
        _k = model.Rank;
        _n = model.Features;
        _h = model.Components.AsReadOnlyMatrixSpan().AsSpan().ToArray();
        var gram = new Matrix<float>(_k, _k);
        Gemm.Multiply(1f, model.Components.AsReadOnlyMatrixSpan(), MatrixOp.None, model.Components.AsReadOnlyMatrixSpan(), MatrixOp.Transpose, 0f, gram.AsMatrixSpan());
        _gram = new double[_k * _k];
        for (int i = 0; i < _gram.Length; i++) _gram[i] = gram.AsSpan()[i];
    }

    /// <summary>Writes the weights of <paramref name="sample"/> and returns the FNNLS steps.</summary>
    public int Project(ReadOnlySpan<float> sample, Span<float> weights)
    {
        int k = _k, n = _n;
        Span<double> scratch = stackalloc double[k * k + 7 * k];
        var b = scratch[..k];
        var w = scratch.Slice(k, k);
        var work = scratch[(2 * k)..];
        ReadOnlySpan<float> h = _h;
        for (int t = 0; t < k; t++) b[t] = TensorPrimitives.Dot(h.Slice(t * n, n), sample);
        w.Clear();
        int steps = ActiveSet(b, w, work);
        for (int t = 0; t < k; t++) weights[t] = (float)w[t];
        return steps;
    }

    private int ActiveSet(ReadOnlySpan<double> b, Span<double> w, Span<double> work)
    {
        int k = _k;
        ReadOnlySpan<double> gram = _gram;
        var g = work[..k];
        var s = work.Slice(k, k);
        var free = work.Slice(2 * k, k);
        var index = work.Slice(3 * k, k);
        var y = work.Slice(4 * k, k);
        var factor = work.Slice(5 * k, k * k);
        free.Clear();
        double scale = 0;
        for (int t = 0; t < k; t++) scale = Math.Max(scale, Math.Abs(b[t]));
        double threshold = 1e-5 * Math.Max(scale, double.Epsilon);
        int count = 0, steps = 0, validRows = 0;
        b.CopyTo(g);
        while (steps < 1000)
        {
            int best = -1;
            double bestValue = threshold;
            for (int t = 0; t < k; t++)
                if (free[t] == 0 && g[t] > bestValue) { bestValue = g[t]; best = t; }
            if (best < 0) break;
            steps++;
            free[best] = 1;
            index[count++] = best;
            for (int inner = 0; ; inner++)
            {
                if (!SolveFree(gram, b, index[..count], factor, validRows, y, s)) return -1;
                validRows = count;
                double alpha = 1;
                for (int p = 0; p < count; p++)
                {
                    int t = (int)index[p];
                    if (s[t] <= 0) alpha = Math.Min(alpha, w[t] / (w[t] - s[t]));
                }
                if (alpha >= 1)
                {
                    for (int p = 0; p < count; p++) { int t = (int)index[p]; w[t] = s[t]; }
                    break;
                }
                int kept = 0;
                for (int p = 0; p < count; p++)
                {
                    int t = (int)index[p];
                    double v = w[t] + alpha * (s[t] - w[t]);
                    if (v <= 0 || (s[t] <= 0 && w[t] / (w[t] - s[t]) <= alpha))
                    {
                        w[t] = 0;
                        free[t] = 0;
                        validRows = Math.Min(validRows, p);
                    }
                    else { w[t] = v; index[kept++] = t; }
                }
                count = kept;
                if (count == 0 || inner > k) break;
            }
            for (int t = 0; t < k; t++) g[t] = b[t] - TensorPrimitives.Dot(gram.Slice(t * k, k), w);
        }
        return steps;
    }

    private static bool SolveFree(ReadOnlySpan<double> gram, ReadOnlySpan<double> b, ReadOnlySpan<double> index, Span<double> factor, int validRows, Span<double> y, Span<double> s)
    {
        int p = index.Length, k = b.Length;
        for (int i = validRows; i < p; i++)
        {
            int ti = (int)index[i];
            for (int j = 0; j <= i; j++)
            {
                double sum = gram[ti * k + (int)index[j]];
                for (int r = 0; r < j; r++) sum -= factor[i * k + r] * factor[j * k + r];
                if (i == j)
                {
                    if (!(sum > 1e-12 * gram[ti * k + ti])) return false;
                    factor[i * k + i] = Math.Sqrt(sum);
                }
                else factor[i * k + j] = sum / factor[j * k + j];
            }
        }
        for (int i = 0; i < p; i++)
        {
            double sum = b[(int)index[i]];
            for (int r = 0; r < i; r++) sum -= factor[i * k + r] * y[r];
            y[i] = sum / factor[i * k + i];
        }
        for (int i = p - 1; i >= 0; i--)
        {
            double sum = y[i];
            for (int r = i + 1; r < p; r++) sum -= factor[r * k + i] * y[r];
            y[i] = sum / factor[i * k + i];
        }
        for (int i = 0; i < p; i++) s[(int)index[i]] = y[i];
        return true;
    }
}
