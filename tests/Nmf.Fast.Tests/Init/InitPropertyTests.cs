// Properties every init must have on any non-negative X: finite, non-negative, zero-free where promised, seeded.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Init;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Init;

public class InitPropertyTests
{
    private static readonly NmfInit[] Methods = [NmfInit.Auto, NmfInit.Random, NmfInit.Nndsvd, NmfInit.Nndsvda, NmfInit.Nndsvdar];

    private static Gen<(int Rows, int Cols, int Rank, int Seed, int Method, bool Sparse)> Cases =>
        from rows in Gen.Choose(1, 40)
        from cols in Gen.Choose(1, 40)
        from rank in Gen.Choose(1, Math.Min(rows, cols))
        from seed in Gen.Choose(0, int.MaxValue)
        from method in Gen.Choose(0, Methods.Length - 1)
        from sparse in Gen.Elements(false, true)
        select (rows, cols, rank, seed, method, sparse);

    private static Matrix<double> NonNegative(int rows, int cols, int seed, bool sparse)
    {
        var random = new System.Random(seed);
        var x = new Matrix<double>(rows, cols);
        foreach (ref double v in x.AsSpan()) v = sparse && random.NextDouble() < 0.6 ? 0 : random.NextDouble() * 5;
        x[0, 0] = 1; // never all zero
        return x;
    }

    [Property(MaxTest = 80)]
    public Property Factors_AreFiniteAndNonNegative_AndZeroFreeForFilledVariants() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var x = NonNegative(c.Rows, c.Cols, c.Seed, c.Sparse);
            NmfInit method = Methods[c.Method];
            var w = new Matrix<double>(c.Rows, c.Rank);
            var h = new Matrix<double>(c.Rank, c.Cols);
            NmfInitializer.Initialize<double>(x, method, c.Seed, w, h, 1);
            NmfInit used = NmfInitializer.Resolve(method, c.Rows, c.Cols, c.Rank);
            foreach (double v in w.AsSpan().ToArray().Concat(h.AsSpan().ToArray()))
            {
                Assert.True(double.IsFinite(v) && v >= 0, $"{used}: entry {v}");
                if (used is NmfInit.Nndsvda or NmfInit.Nndsvdar) Assert.True(v > 0, $"{used} left a zero");
            }
        });

    [Property(MaxTest = 40)]
    public Property SameSeed_SameFactors_Float32Too() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var x64 = NonNegative(c.Rows, c.Cols, c.Seed, c.Sparse);
            var x = new Matrix<float>(c.Rows, c.Cols);
            for (int i = 0; i < c.Rows; i++) for (int j = 0; j < c.Cols; j++) x[i, j] = (float)x64[i, j];
            var w1 = new Matrix<float>(c.Rows, c.Rank);
            var h1 = new Matrix<float>(c.Rank, c.Cols);
            var w2 = new Matrix<float>(c.Rows, c.Rank);
            var h2 = new Matrix<float>(c.Rank, c.Cols);
            NmfInitializer.Initialize<float>(x, Methods[c.Method], c.Seed, w1, h1, 1);
            NmfInitializer.Initialize<float>(x, Methods[c.Method], c.Seed, w2, h2, 2);
            Assert.Equal(w1.AsSpan().ToArray(), w2.AsSpan().ToArray());
            Assert.Equal(h1.AsSpan().ToArray(), h2.AsSpan().ToArray());
            Assert.All(w1.AsSpan().ToArray(), v => Assert.True(float.IsFinite(v) && v >= 0));
        });
}
