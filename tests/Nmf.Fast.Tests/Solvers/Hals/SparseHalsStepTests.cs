// The fused sparse HALS step (product tile, then its sweep) gives bitwise the separate product and sweep, for any thread count; so does the sweep of a precomputed product, and of a factor kept only row-major; the Gram summed from the tiles is FᵀF.
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers.Hals;
using Nmf.Fast.Tests.Linear.Sparse;

namespace Nmf.Fast.Tests.Solvers.Hals;

public class SparseHalsStepTests
{
    private static readonly Arbitrary<SparseCase> Cases =
        (from rows in Gen.Choose(0, 140)
         from cols in Gen.Choose(1, 60)
         from k in Gen.Elements(1, 2, 5, 8, 9, 17, 20, 33)
         from density in Gen.Elements(0.0, 0.05, 0.3, 1.0)
         from seed in Gen.Choose(0, int.MaxValue)
         select new SparseCase(rows, cols, k, density, seed)).ToArbitrary();

    [Property(MaxTest = 40)]
    public Property FusedStep_IsBitwiseTheProductThenTheSweep_Double() =>
        Prop.ForAll(Cases, Gen.Elements(true, false).ToArbitrary(), (c, counts) => SameBits<double>(c, counts));

    [Property(MaxTest = 25)]
    public Property FusedStep_IsBitwiseTheProductThenTheSweep_Float() =>
        Prop.ForAll(Cases, c => SameBits<float>(c, counts: false));

    [Fact]
    public void FusedStep_OnManyTiles_IsBitwiseTheSameForOneToThreeThreads()
    {
        Assert.True(SameBits<double>(new SparseCase(2500, 700, 20, 0.05, 11), counts: true)); // ≈ 78 tiles, narrow packing
        Assert.True(SameBits<float>(new SparseCase(1300, 300, 9, 0.1, 12), counts: false));
    }

    [Fact]
    public void FusedStep_RejectsAnOperandOfTheWrongRank()
    {
        var x = CsrMatrix<double>.FromTriplets(2, 3, [0, 1], [0, 2], [1.0, 2.0]);
        var packed = PackedCsr<double>.Pack(x);
        var ex = Assert.Throws<ArgumentException>(() => SparseHalsStep.Run(packed, new Matrix<double>(3, 4), new Matrix<double>(5, 2),
            new Matrix<double>(5, 5), 0.0, new double[4], 1, new Matrix<double>(2, 5), cross: null));
        Assert.Contains("B 3×4", ex.Message);
    }

    /// <summary>
    /// For X and Xᵀ (packed): MultiplyTransposed then HalsSweep.Run on one thread is the reference; the fused step on
    /// 1, 2 and 3 threads must give the same F, row-major copy, C and violation, bit for bit.
    /// </summary>
    private static bool SameBits<T>(SparseCase c, bool counts) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(c.Seed);
        var source = new RandomCsr<T>(c.Rows, c.Cols, c.Density, random);
        var values = source.Values.ToArray();
        if (counts)
            for (int p = 0; p < values.Length; p++) values[p] = T.Ceiling(values[p]);
        var x = new CsrMatrix<T>(c.Rows, c.Cols, source.RowPointers, source.ColumnIndices, values);
        int k = c.K;
        T l1 = T.CreateTruncating(c.Seed % 2 == 0 ? 0.0 : 0.05);
        Matrix<T>? firstGram = null;
        foreach (var packed in new[] { PackedCsr<T>.Pack(x), PackedCsr<T>.PackTransposed(x) })
        {
            int rows = packed.Rows;
            var operand = RandomSparse.Dense<T>(packed.Cols, k, random);
            var start = RandomSparse.Dense<T>(k, rows, random);
            foreach (ref var v in start.AsSpan()) if (random.NextDouble() < 0.2) v = T.Zero;
            var hessian = new Matrix<T>(k, k);
            Nmf.Fast.Linear.Gram.OfRows(RandomSparse.Dense<T>(k, 7, random).AsReadOnlyMatrixSpan(), hessian.AsMatrixSpan(), 1);
            if (k > 2) hessian[1, 1] = T.Zero; // a zero curvature leaves its coordinate as it is
            int tiles = Math.Max(1, HalsSweep.TileCount<T>(rows));

            var expectedF = start.Clone();
            var expectedC = new Matrix<T>(k, rows);
            var expectedCopy = new Matrix<T>(rows, k);
            SparseKernels.MultiplyTransposed(packed, operand.AsReadOnlyMatrixSpan(), expectedC.AsMatrixSpan(), 1);
            double expectedViolation = HalsSweep.Run(expectedF, hessian, expectedC, l1, new double[tiles], 1, expectedCopy);

            foreach (int dop in new[] { 1, 2, 3 })
            {
                var f = start.Clone();
                var cross = new Matrix<T>(k, rows);
                cross.AsSpan().Fill(T.NaN);
                var copy = new Matrix<T>(rows, k);
                double violation = SparseHalsStep.Run(packed, operand, f, hessian, l1, new double[tiles], dop, copy, cross);
                string where = $"{c}, {packed.Rows}×{packed.Cols}, dop {dop}";
                if (!f.AsSpan().SequenceEqual(expectedF.AsSpan())) throw new InvalidOperationException($"{where}: F differs.");
                if (!copy.AsSpan().SequenceEqual(expectedCopy.AsSpan())) throw new InvalidOperationException($"{where}: row-major copy differs.");
                if (!cross.AsSpan().SequenceEqual(expectedC.AsSpan())) throw new InvalidOperationException($"{where}: C differs.");
                if (BitConverter.DoubleToInt64Bits(violation) != BitConverter.DoubleToInt64Bits(expectedViolation))
                    throw new InvalidOperationException($"{where}: violation {violation} ≠ {expectedViolation}.");

                // The start's ⟨C, F₀⟩, summed per tile before each tile's sweep.
                var tileInner = new double[tiles];
                SparseHalsStep.Run(packed, operand, start.Clone(), hessian, l1, new double[tiles], dop, new Matrix<T>(rows, k), null, tileInner);
                double inner = tileInner.Sum(), expectedInner = Nmf.Fast.Solvers.Reductions.FrobeniusInner<T>(expectedC, start);
                if (!(Math.Abs(inner - expectedInner) <= 1e-12 * Math.Max(1, Math.Abs(expectedInner))))
                    throw new InvalidOperationException($"{where}: ⟨C, F₀⟩ {inner} ≠ {expectedInner}.");
                // …and with the swept factor, from both entry points.
                double expectedAfter = Nmf.Fast.Solvers.Reductions.FrobeniusInner<T>(expectedC, expectedF);
                SparseHalsStep.Run(packed, operand, start.Clone(), hessian, l1, new double[tiles], dop, new Matrix<T>(rows, k), null, tileInner, innerAfterSweep: true);
                if (!(Math.Abs(tileInner.Sum() - expectedAfter) <= 1e-12 * Math.Max(1, Math.Abs(expectedAfter))))
                    throw new InvalidOperationException($"{where}: ⟨C, F⟩ after the sweep {tileInner.Sum()} ≠ {expectedAfter}.");

                // From C's rows given row-major, in the buffer that receives the row-major copy (read before overwritten).
                var inPlace = new Matrix<T>(rows, k);
                for (int i = 0; i < rows; i++)
                    for (int t = 0; t < k; t++) inPlace[i, t] = expectedC[t, i];
                var f2 = start.Clone();
                var cross2 = new Matrix<T>(k, rows);
                var tileInner2 = new double[tiles];
                double violation2 = SparseHalsStep.RunOnProduct(inPlace, f2, hessian, l1, new double[tiles], dop, inPlace, cross2, tileInner2, innerAfterSweep: true);
                if (!(Math.Abs(tileInner2.Sum() - expectedAfter) <= 1e-12 * Math.Max(1, Math.Abs(expectedAfter))))
                    throw new InvalidOperationException($"{where}: ⟨C, F⟩ after the sweep of the product {tileInner2.Sum()} ≠ {expectedAfter}.");
                if (!f2.AsSpan().SequenceEqual(expectedF.AsSpan())) throw new InvalidOperationException($"{where}: F from the product differs.");
                if (!inPlace.AsSpan().SequenceEqual(expectedCopy.AsSpan())) throw new InvalidOperationException($"{where}: in-place copy differs.");
                if (!cross2.AsSpan().SequenceEqual(expectedC.AsSpan())) throw new InvalidOperationException($"{where}: C from the product differs.");
                if (BitConverter.DoubleToInt64Bits(violation2) != BitConverter.DoubleToInt64Bits(expectedViolation))
                    throw new InvalidOperationException($"{where}: violation from the product {violation2} ≠ {expectedViolation}.");

                // F kept only row-major (read and written in the copy), with its Gram summed from the swept tiles: the same F
                // and violation; the Gram is FᵀF to rounding, and the same bits for any thread count and from the product.
                var rowMajor = new Matrix<T>(rows, k);
                for (int i = 0; i < rows; i++)
                    for (int t = 0; t < k; t++) rowMajor[i, t] = start[t, i];
                var gram = new Matrix<T>(k, k);
                gram.AsSpan().Fill(T.NaN);
                double violation3 = SparseHalsStep.Run(packed, operand, null, hessian, l1, new double[tiles], dop, rowMajor, null,
                    gram: gram, gramPartials: new TileGram<T>(tiles, k));
                if (!rowMajor.AsSpan().SequenceEqual(expectedCopy.AsSpan())) throw new InvalidOperationException($"{where}: row-major F differs.");
                if (BitConverter.DoubleToInt64Bits(violation3) != BitConverter.DoubleToInt64Bits(expectedViolation))
                    throw new InvalidOperationException($"{where}: violation of the row-major F {violation3} ≠ {expectedViolation}.");
                CheckGram(expectedF, gram, where);
                firstGram ??= gram;
                if (!gram.AsSpan().SequenceEqual(firstGram.AsSpan())) throw new InvalidOperationException($"{where}: the Gram depends on the threads.");
                var gramFromProduct = new Matrix<T>(k, k);
                var product = new Matrix<T>(rows, k);
                for (int i = 0; i < rows; i++)
                    for (int t = 0; t < k; t++) product[i, t] = expectedC[t, i];
                SparseHalsStep.RunOnProduct(product, start.Clone(), hessian, l1, new double[tiles], dop, product, null,
                    gram: gramFromProduct, gramPartials: new TileGram<T>(tiles, k));
                if (!gramFromProduct.AsSpan().SequenceEqual(firstGram.AsSpan())) throw new InvalidOperationException($"{where}: the product's Gram differs.");

                // From the product with F only row-major (null factor): the same row-major F, violation and Gram. (The call
                // above swept in place, over the product: build it again.)
                for (int i = 0; i < rows; i++)
                    for (int t = 0; t < k; t++) product[i, t] = expectedC[t, i];
                var rowMajor2 = new Matrix<T>(rows, k);
                for (int i = 0; i < rows; i++)
                    for (int t = 0; t < k; t++) rowMajor2[i, t] = start[t, i];
                var gramRowMajorProduct = new Matrix<T>(k, k);
                double violation4 = SparseHalsStep.RunOnProduct(product, null, hessian, l1, new double[tiles], dop, rowMajor2, null,
                    gram: gramRowMajorProduct, gramPartials: new TileGram<T>(tiles, k));
                if (!rowMajor2.AsSpan().SequenceEqual(expectedCopy.AsSpan())) throw new InvalidOperationException($"{where}: row-major F from the product differs.");
                if (BitConverter.DoubleToInt64Bits(violation4) != BitConverter.DoubleToInt64Bits(expectedViolation))
                    throw new InvalidOperationException($"{where}: violation of the row-major F from the product {violation4} ≠ {expectedViolation}.");
                if (!gramRowMajorProduct.AsSpan().SequenceEqual(firstGram.AsSpan())) throw new InvalidOperationException($"{where}: the row-major product's Gram differs.");
                // Sweeping a row-major-only factor in the product's own memory is refused (an empty product shares nothing).
                if (rows > 0 && k > 0)
                    Assert.Throws<ArgumentException>(() => SparseHalsStep.RunOnProduct(product, null, hessian, l1, new double[tiles], dop, product, null));
            }
            firstGram = null;
        }
        return true;
    }

    /// <summary>G = F·Fᵀ (F k×rows, component-major), each element to a relative 1e-12 (double) or 1e-4 (float) of the largest.</summary>
    private static void CheckGram<T>(Matrix<T> f, Matrix<T> gram, string where) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = f.Rows;
        double scale = 0, worst = 0;
        var expected = new double[k, k];
        for (int t = 0; t < k; t++)
            for (int r = 0; r < k; r++)
            {
                double s = 0;
                for (int i = 0; i < f.Cols; i++) s += double.CreateTruncating(f[t, i]) * double.CreateTruncating(f[r, i]);
                expected[t, r] = s;
                scale = Math.Max(scale, Math.Abs(s));
            }
        for (int t = 0; t < k; t++)
            for (int r = 0; r < k; r++) worst = Math.Max(worst, Math.Abs(double.CreateTruncating(gram[t, r]) - expected[t, r]));
        double tolerance = (typeof(T) == typeof(double) ? 1e-12 : 1e-4) * Math.Max(1, scale);
        if (!(worst <= tolerance)) throw new InvalidOperationException($"{where}: the Gram is off by {worst} (scale {scale}).");
    }
}
