// CanonicalForm: same product, unit columns and rows, scales descending, invariant to rescaling and reordering the components.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Memory;
using Nmf.Fast.ModelSelection;
using Nmf.Fast.Tests.Solvers.Hals;
using TestData = Nmf.Fast.Tests.Solvers.Hals.TestData;

namespace Nmf.Fast.Tests.ModelSelection;

public class CanonicalFormTests
{
    private static Gen<(int M, int N, int K, int Seed, bool L1)> Cases =>
        from m in Gen.Choose(1, 12)
        from n in Gen.Choose(1, 12)
        from k in Gen.Choose(1, 6)
        from seed in Gen.Choose(0, 100_000)
        from l1 in Gen.Elements(false, true)
        select (m, n, k, seed, l1);

    private static Matrix<double> Product(Matrix<double> w, IReadOnlyList<double> d, Matrix<double> h)
    {
        var x = new Matrix<double>(w.Rows, h.Cols);
        for (int i = 0; i < w.Rows; i++)
            for (int j = 0; j < h.Cols; j++)
                for (int c = 0; c < d.Count; c++) x[i, j] += w[i, c] * d[c] * h[c, j];
        return x;
    }

    [Property(MaxTest = 60)]
    public Property Normalize_KeepsTheProduct_WithUnitFactors_AndDescendingScales() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var w = TestData.Uniform(c.M, c.K, c.Seed, 3);
            var h = TestData.Uniform(c.K, c.N, c.Seed + 1, 0.2);
            var norm = c.L1 ? ComponentNorm.L1 : ComponentNorm.L2;
            var canonical = CanonicalForm.Normalize<double>(w, h, norm);
            var ones = Enumerable.Repeat(1.0, c.K).ToArray();
            Assert.True(MatrixAssert.RelativeDistance(Product(canonical.W, canonical.Scales, canonical.H), Product(w, ones, h)) < 1e-12);
            for (int r = 0; r < c.K; r++)
            {
                var column = Enumerable.Range(0, c.M).Select(i => canonical.W[i, r]).ToArray();
                Assert.Equal(1.0, CanonicalForm.Norm<double>(column, norm), 12);
                Assert.Equal(1.0, CanonicalForm.Norm<double>(canonical.H.Row(r), norm), 12);
                if (r > 0) Assert.True(canonical.Scales[r - 1] >= canonical.Scales[r]);
            }
            Assert.True(MatrixAssert.RelativeDistance(Product(canonical.ScaledW(), ones, canonical.H), Product(w, ones, h)) < 1e-12);
            Assert.True(MatrixAssert.RelativeDistance(Product(canonical.W, ones, canonical.ScaledH()), Product(w, ones, h)) < 1e-12);
        });

    [Fact]
    public void Normalize_IsTheSameForRescaledAndPermutedFactors()
    {
        var w = TestData.Uniform(9, 4, 1);
        var h = TestData.Uniform(4, 7, 2);
        int[] permutation = [2, 0, 3, 1];
        double[] scale = [0.1, 7, 3, 0.5];
        var w2 = new Matrix<double>(9, 4);
        var h2 = new Matrix<double>(4, 7);
        for (int c = 0; c < 4; c++)
        {
            int source = permutation[c];
            for (int i = 0; i < 9; i++) w2[i, c] = w[i, source] * scale[c];
            for (int j = 0; j < 7; j++) h2[c, j] = h[source, j] / scale[c];
        }
        var a = CanonicalForm.Normalize<double>(w, h);
        var b = CanonicalForm.Normalize<double>(w2, h2);
        Assert.True(MatrixAssert.RelativeDistance(a.W, Copy(b.W)) < 1e-12);
        Assert.True(MatrixAssert.RelativeDistance(a.H, Copy(b.H)) < 1e-12);
        for (int c = 0; c < 4; c++) Assert.Equal(a.Scales[c], b.Scales[c], 12);
        for (int c = 0; c < 4; c++) Assert.Equal(a.Order[c], permutation[b.Order[c]]);
    }

    [Fact]
    public void Normalize_ZeroComponent_HasScaleZero_AndStaysZero_LastInOrder()
    {
        var w = TestData.Uniform(5, 3, 3);
        var h = TestData.Uniform(3, 4, 4);
        for (int j = 0; j < 4; j++) h[0, j] = 0;
        var canonical = CanonicalForm.Normalize<double>(w, h, ComponentNorm.L1);
        Assert.Equal(0.0, canonical.Scales[2]);
        Assert.Equal(0, canonical.Order[2]);
        Assert.All(canonical.H.Row(2).ToArray(), v => Assert.Equal(0.0, v));
        Assert.All(Enumerable.Range(0, 5).Select(i => canonical.W[i, 2]), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Normalize_RejectsMismatchedRank()
    {
        var e = Assert.Throws<ArgumentException>(() => CanonicalForm.Normalize<double>(new Matrix<double>(3, 2), new Matrix<double>(3, 4)));
        Assert.Contains("2 columns", e.Message, StringComparison.Ordinal);
    }

    private static Matrix<double> Copy(Matrix<double> m) => m.Clone();
}
