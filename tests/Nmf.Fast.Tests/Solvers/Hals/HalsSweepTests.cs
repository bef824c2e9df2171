// The vectorised, tiled HALS sweep gives bitwise the scalar loop of scikit-learn's _update_cdnmf_fast, at every tile edge.
using System.Numerics;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers.Hals;

namespace Nmf.Fast.Tests.Solvers.Hals;

public class HalsSweepTests
{
    public static TheoryData<int, int, double> Shapes()
    {
        var data = new TheoryData<int, int, double>();
        foreach (int rows in new[] { 1, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, 100 })
            foreach (int k in new[] { 1, 2, 5, 16, 17 })
                data.Add(rows, k, rows % 3 == 0 ? 0.0 : 0.3);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Sweep_MatchesScalarReferenceBitwise_Double(int rows, int k, double l1) => Check<double>(rows, k, l1);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Sweep_MatchesScalarReferenceBitwise_Float(int rows, int k, double l1) => Check<float>(rows, k, l1);

    [Fact]
    public void Sweep_OnSeveralThreads_MatchesScalarReferenceBitwise()
    {
        Check<double>(3000, 40, 0.1); // ≈ 94 tiles of 32 rows: three workers
        Check<float>(5000, 40, 0.1);
    }

    private static void Check<T>(int rows, int k, double l1Value) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new System.Random(rows * 31 + k);
        var f = new Matrix<T>(k, rows);   // component-major, as the solver stores Wᵀ and H
        var c = new Matrix<T>(k, rows);
        var g = new Matrix<T>(k, k);
        foreach (ref var v in f.AsSpan()) v = rng.NextDouble() < 0.2 ? T.Zero : T.CreateTruncating(rng.NextDouble());
        foreach (ref var v in c.AsSpan()) v = T.CreateTruncating(rng.NextDouble() * k);
        var basis = new Matrix<T>(k + 3, k);
        foreach (ref var v in basis.AsSpan()) v = T.CreateTruncating(rng.NextDouble());
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                T s = T.Zero;
                for (int p = 0; p < basis.Rows; p++) s += basis[p, i] * basis[p, j];
                g[i, j] = s;
            }
        if (k > 1) g[k - 1, k - 1] = T.Zero; // the hess == 0 branch
        T l1 = T.CreateTruncating(l1Value);

        var expected = f.Clone();
        double expectedViolation = ScalarSweep(expected, g, c, l1);
        var actual = f.Clone();
        double violation = HalsSweep.Run(actual, g, c, l1, new double[HalsSweep.TileCount<T>(rows)], 3);

        MatrixAssert.BitwiseEqual(expected, actual);
        Assert.Equal(expectedViolation, violation, Math.Max(1e-300, 1e-5 * expectedViolation));

        // With a row-major copy (the sparse products' operand panel): the same factor and violation, and the copy is
        // exactly its transpose in the first rows·k elements; the rest of the buffer is untouched.
        var withCopy = f.Clone();
        var copy = new Matrix<T>(rows + 2, k);
        copy.AsSpan().Fill(T.NaN);
        double violationWithCopy = HalsSweep.Run(withCopy, g, c, l1, new double[HalsSweep.TileCount<T>(rows)], 3, copy);
        MatrixAssert.BitwiseEqual(expected, withCopy);
        Assert.Equal(violation, violationWithCopy);
        for (int i = 0; i < rows + 2; i++)
            for (int t = 0; t < k; t++)
                if (i < rows ? !copy[i, t].Equals(expected[t, i]) : !T.IsNaN(copy[i, t]))
                    Assert.Fail($"{rows}×{k}: row-major copy [{i}, {t}] = {copy[i, t]}, factor [{t}, {i}] = {(i < rows ? expected[t, i] : T.NaN)}.");
    }

    /// <summary>
    /// scikit-learn's _update_cdnmf_fast, literally, on W[i, t] = wt[t, i] and XHt[i, t] = cross[t, i]
    /// (violation accumulated in double here).
    /// </summary>
    private static double ScalarSweep<T>(Matrix<T> wt, Matrix<T> hht, Matrix<T> cross, T l1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double violation = 0;
        int k = wt.Rows;
        for (int t = 0; t < k; t++)
            for (int i = 0; i < wt.Cols; i++)
            {
                T grad = -(cross[t, i] - l1);
                for (int r = 0; r < k; r++) grad += hht[t, r] * wt[r, i];
                T pg = wt[t, i] == T.Zero ? T.Min(grad, T.Zero) : grad;
                violation += double.CreateTruncating(T.Abs(pg));
                T hess = hht[t, t];
                if (hess != T.Zero) wt[t, i] = T.Max(wt[t, i] - grad / hess, T.Zero);
            }
        return violation;
    }
}
