// The register-blocked tile products against naive loops, at every edge of the 4-row and 4-vector blocks.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;
using Nmf.Fast.Tests.Solvers.MultiplicativeUpdate;

namespace Nmf.Fast.Tests.Losses;

public unsafe class TileProductsTests
{
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int rows in new[] { 1, 3, 4, 5, 8, 9, 17 })
            foreach (int cols in new[] { 1, 7, 8, 15, 16, 17, 33, 64, 65 })
                foreach (int k in new[] { 1, 3, 4, 6, 20, 40 })
                    data.Add(rows, cols, k);
        return data;
    }

    private static PinnedMatrixView<T> View<T>(Matrix<T> m) where T : unmanaged =>
        new((T*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(m.AsSpan())), m.Rows, m.Cols, m.Cols);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TileProducts_MatchNaiveLoops_Double(int rows, int cols, int k) => Check<double>(rows, cols, k, 1e-13);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TileProducts_MatchNaiveLoops_Float(int rows, int cols, int k) => Check<float>(rows, cols, k, 1e-5);

    /// <summary>
    /// ProductQuotient = X ⊘ g(A·B) bit for bit, with g(0) = ε: a zero column of B makes whole columns of A·B
    /// exactly zero, so the guard is exercised in vector lanes and in the scalar tail.
    /// </summary>
    private static void AssertQuotientIsProductThenGuardedDivision<T>(Matrix<T> a, Matrix<T> b, Matrix<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = x.Rows, cols = x.Cols;
        var zeroed = b.Clone();
        for (int p = 0; p < b.Rows; p++) zeroed[p, cols - 1] = T.Zero;
        var expected = new Matrix<T>(rows, cols);
        TileProducts.Product(View(a), View(zeroed), View(expected));
        T eps = T.CreateTruncating(SklearnGuards.Epsilon);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                expected[i, j] = x[i, j] / (expected[i, j] == T.Zero ? eps : expected[i, j]);
        var quotient = new Matrix<T>(rows, cols);
        TileProducts.ProductQuotient(View(a), View(zeroed), View(x), View(quotient));
        Assert.True(expected.AsSpan().SequenceEqual(quotient.AsSpan()), "ProductQuotient differs from Product then X / guarded product");
        Assert.Equal(x[rows - 1, cols - 1] / eps, quotient[rows - 1, cols - 1]);
    }

    private static void Check<T>(int rows, int cols, int k, double tol) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new System.Random(rows * 1000 + cols * 10 + k);
        var a = MuTestSupport.Random<T>(rng, rows, k);
        var b = MuTestSupport.Random<T>(rng, k, cols);
        var r = MuTestSupport.Random<T>(rng, rows, cols);

        var c = new Matrix<T>(rows, cols);
        TileProducts.Product(View(a), View(b), View(c));
        AssertClose(c, (i, j) => Enumerable.Range(0, k).Sum(p => D(a[i, p]) * D(b[p, j])), tol);
        AssertQuotientIsProductThenGuardedDivision(a, b, r);

        foreach (bool accumulate in new[] { false, true })
        {
            // ProductPadded: C (rows × kp) ⊕= R (rows × cols) · Bt (cols × kp), Bt = Bᵀ with zero padding.
            int kp = TileProducts.PaddedWidth<T>(k);
            var bt = new Matrix<T>(cols, kp);
            for (int q = 0; q < k; q++) for (int j = 0; j < cols; j++) bt[j, q] = b[q, j];
            var cpad = MuTestSupport.Random<T>(rng, rows, kp);
            var startPad = cpad.Clone();
            TileProducts.ProductPadded(View(r), View(bt), View(cpad), accumulate);
            AssertClose(cpad, (i, q) => (accumulate ? D(startPad[i, q]) : 0) + (q < k ? Enumerable.Range(0, cols).Sum(j => D(r[i, j]) * D(b[q, j])) : 0), tol);

            var ct = MuTestSupport.Random<T>(rng, k, cols);
            var start = ct.Clone();
            TileProducts.TransposeProduct(View(a), View(r), View(ct), accumulate);
            AssertClose(ct, (q, j) => (accumulate ? D(start[q, j]) : 0) + Enumerable.Range(0, rows).Sum(i => D(a[i, q]) * D(r[i, j])), tol);
        }
    }

    private static double D<T>(T v) where T : unmanaged, IFloatingPointIeee754<T> => double.CreateTruncating(v);

    private static void AssertClose<T>(Matrix<T> actual, Func<int, int, double> expected, double tol) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < actual.Rows; i++)
            for (int j = 0; j < actual.Cols; j++)
            {
                double e = expected(i, j);
                Assert.True(Math.Abs(D(actual[i, j]) - e) <= tol * Math.Max(1, Math.Abs(e)), $"({i},{j}) {D(actual[i, j]):R} vs {e:R}");
            }
    }
}
