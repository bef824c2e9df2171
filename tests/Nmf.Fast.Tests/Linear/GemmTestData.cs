// Test inputs for GEMM: random matrices as views with offsets and strides, and the comparison with the oracle.
using System.Numerics;
using Nmf.Fast.Linear;
using Nmf.Fast.Linear.Kernels;
using Nmf.Fast.Memory;
using Nmf.Fast.Tests.Reference;

namespace Nmf.Fast.Tests.Linear;

/// <summary>One GEMM problem: shapes, ops, scalars, view padding, tier and seed.</summary>
internal sealed record GemmCase(
    int M, int N, int K, bool TransA, bool TransB, double Alpha, double Beta, int Pad, KernelTier Tier, int Seed)
{
    public override string ToString()
        => $"{M}x{K}·{K}x{N} op={(TransA ? 'T' : 'N')}{(TransB ? 'T' : 'N')} α={Alpha} β={Beta} pad={Pad} tier={Tier} seed={Seed}";
}

internal static class GemmTestData
{
    /// <summary>Every tier this CPU can run.</summary>
    public static KernelTier[] Tiers { get; } =
        Enum.GetValues<KernelTier>().Where(KernelSelector.IsSupported).ToArray();

    /// <summary>
    /// A rows × cols view at offset (pad, pad) inside a larger matrix whose rows are 2·pad + (pad % 3) longer,
    /// filled with values in [-1, 1); elements outside the view hold a sentinel so stray writes show.
    /// </summary>
    public static Matrix<T> Padded<T>(int rows, int cols, int pad, System.Random rng, T fill)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int extra = 2 * pad + pad % 3;
        var parent = new Matrix<T>(rows + 2 * pad, cols + extra);
        parent.AsSpan().Fill(T.CreateTruncating(1234.5));
        var view = parent.AsMatrixSpan().Slice(pad, pad, rows, cols);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                view[i, j] = T.IsNaN(fill) ? fill : T.CreateTruncating(2 * rng.NextDouble() - 1);
        return parent;
    }

    /// <summary>The rows × cols view inside a matrix made by <see cref="Padded{T}"/>.</summary>
    public static MatrixSpan<T> Inner<T>(Matrix<T> parent, int rows, int cols, int pad) where T : unmanaged
        => parent.AsMatrixSpan().Slice(pad, pad, rows, cols);

    /// <summary>Runs the case through <see cref="Gemm"/> and returns null on success or a description of the first mismatch.</summary>
    public static string? Check<T>(GemmCase g, int threads = -1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new System.Random(g.Seed);
        var a = Inner(Padded<T>(g.TransA ? g.K : g.M, g.TransA ? g.M : g.K, g.Pad, rng, T.Zero), g.TransA ? g.K : g.M, g.TransA ? g.M : g.K, g.Pad);
        var b = Inner(Padded<T>(g.TransB ? g.N : g.K, g.TransB ? g.K : g.N, g.Pad, rng, T.Zero), g.TransB ? g.N : g.K, g.TransB ? g.K : g.N, g.Pad);
        var cParent = Padded<T>(g.M, g.N, g.Pad, rng, g.Beta == 0 ? T.NaN : T.Zero);
        var c = Inner(cParent, g.M, g.N, g.Pad);
        var cBefore = Matrix<T>.CopyOf(c);
        var parentBefore = cParent.Clone();
        T alpha = T.CreateTruncating(g.Alpha), beta = T.CreateTruncating(g.Beta);
        var opA = g.TransA ? MatrixOp.Transpose : MatrixOp.None;
        var opB = g.TransB ? MatrixOp.Transpose : MatrixOp.None;
        var (expected, bound) = NaiveGemm.Multiply(alpha, a, opA, b, opB, beta, cBefore);

        Gemm.Multiply(alpha, a, opA, b, opB, beta, c, threads, g.Tier, upperOnly: false);

        for (int i = 0; i < g.M; i++)
            for (int j = 0; j < g.N; j++)
            {
                double got = double.CreateTruncating(c[i, j]);
                double err = Math.Abs(got - expected[i, j]);
                if (!(err <= bound[i, j])) return $"{g}: C[{i},{j}] = {got}, expected {expected[i, j]} ± {bound[i, j]}";
            }
        // Nothing outside the view of C may change.
        for (int i = 0; i < cParent.Rows; i++)
            for (int j = 0; j < cParent.Cols; j++)
            {
                bool inside = i >= g.Pad && i < g.Pad + g.M && j >= g.Pad && j < g.Pad + g.N;
                if (!inside && cParent[i, j] != parentBefore[i, j]) return $"{g}: wrote outside C at parent ({i},{j})";
            }
        return null;
    }
}
