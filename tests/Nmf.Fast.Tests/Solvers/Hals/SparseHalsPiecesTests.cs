// Xᵀ cut in two pieces at a row of W: each piece is the transpose of its block of X's rows, and the H step over the pieces (fused, or owned on two threads) is bitwise the sum of the two pieces' products, then the sweep, for any thread count.
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers.Hals;
using Nmf.Fast.Tests.Linear.Sparse;

namespace Nmf.Fast.Tests.Solvers.Hals;

public class SparseHalsPiecesTests
{
    private static readonly Arbitrary<(SparseCase Case, double Cut)> Cases =
        (from rows in Gen.Choose(0, 120)
         from cols in Gen.Choose(1, 50)
         from k in Gen.Elements(1, 3, 8, 9, 20, 33)
         from density in Gen.Elements(0.0, 0.05, 0.3, 1.0)
         from seed in Gen.Choose(0, int.MaxValue)
         from cut in Gen.Elements(0.0, 0.3, 0.5, 1.0)
         select (new SparseCase(rows, cols, k, density, seed), cut)).ToArbitrary();

    [Property(MaxTest = 40)]
    public Property EachPiece_IsTheTransposeOfItsBlockOfRows() =>
        Prop.ForAll(Cases, Gen.Elements(true, false).ToArbitrary(), (c, counts) =>
        {
            var x = CountsOrValues(c.Case, counts);
            int boundary = (int)(c.Cut * x.Rows);
            foreach (var packed in new[] { null, PackedCsr<double>.Pack(x) })
            foreach (bool narrow in new[] { true, false })
            {
                var first = PackedCsr<double>.PackTransposedRows(x, packed, 2, 0, boundary, narrow);
                var second = PackedCsr<double>.PackTransposedRows(x, packed, 1, boundary, x.Rows, narrow);
                SameArrays(PackedCsr<double>.PackTransposed(Block(x, 0, boundary)), first, narrow, $"{c}, piece 0");
                SameArrays(PackedCsr<double>.PackTransposed(Block(x, boundary, x.Rows)), second, narrow, $"{c}, piece 1");
                Assert.True(first.SameStorage(second));
            }
            return true;
        });

    [Property(MaxTest = 30)]
    public Property StepOverPieces_IsBitwiseTheSumOfTheirProductsThenTheSweep() =>
        Prop.ForAll(Cases, c => SameBits<double>(c.Case, c.Cut, expectOwned: false));

    [Fact]
    public void OwnedPath_OnTwoThreads_IsBitwiseTheFusedPath()
    {
        // Enough entries·rank for two workers, so that dop 2 takes the owned path (asserted inside), float and double.
        Assert.True(SameBits<double>(new SparseCase(700, 300, 20, 0.1, 21), 0.5, expectOwned: true));
        Assert.True(SameBits<float>(new SparseCase(900, 260, 17, 0.1, 22), 0.4, expectOwned: true));
        Assert.True(SameBits<double>(new SparseCase(800, 300, 20, 0.1, 23), 0.0, expectOwned: true)); // piece 0 empty
    }

    [Fact]
    public void PieceBoundary_IsAGramBlockEdgeThatDependsOnTheRowsOnly()
    {
        int block = TileGram<double>.TilesPerBlock * HalsSweep.RowsPerTile<double>();
        Assert.Equal(0, SparseHalsStep.PieceBoundary<double>(block)); // one block: no cut
        Assert.Equal(block, SparseHalsStep.PieceBoundary<double>(block + 1));
        int b = SparseHalsStep.PieceBoundary<double>(20000);
        Assert.Equal(0, b % block);
        Assert.InRange(b, 20000 / 2 - block, 20000 / 2);
    }

    [Fact]
    public void PackTransposedRows_RejectsARangeOutsideX_AndTooManyRowsForNarrowIndices()
    {
        var x = CsrMatrix<double>.FromTriplets(3, 2, [0, 2], [1, 0], [1.0, 2.0]);
        Assert.Contains("[2, 4)", Assert.Throws<ArgumentOutOfRangeException>(() => PackedCsr<double>.PackTransposedRows(x, null, 1, 2, 4, true)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PackedCsr<double>.PackTransposedRows(x, null, 1, 2, 1, true));
        var tall = new CsrMatrix<double>(70000, 1, new int[70001], [], []);
        Assert.Contains("70000 rows", Assert.Throws<ArgumentOutOfRangeException>(() => PackedCsr<double>.PackTransposedRows(tall, null, 1, 0, 70000, true)).Message);
    }

    [Fact]
    public void RunPieces_RejectsPiecesOfDifferentStorage_AndAShortOperand()
    {
        var x = CsrMatrix<double>.FromTriplets(4, 3, [0, 3], [1, 2], [1.0, 2.0]);
        var narrow = PackedCsr<double>.PackTransposedRows(x, null, 1, 0, 2, true);
        var wide = PackedCsr<double>.PackTransposedRows(x, null, 1, 2, 4, false);
        var hessian = new Matrix<double>(2, 2);
        Assert.Contains("differently", Assert.Throws<ArgumentException>(() => SparseHalsStep.RunPieces(narrow, wide, new Matrix<double>(4, 2), null, hessian, 0.0,
            new double[4], 1, new Matrix<double>(3, 2), null, false, null, null, null)).Message);
        var second = PackedCsr<double>.PackTransposedRows(x, null, 1, 2, 4, true);
        Assert.Contains("B 3×2", Assert.Throws<ArgumentException>(() => SparseHalsStep.RunPieces(narrow, second, new Matrix<double>(3, 2), null, hessian, 0.0,
            new double[4], 1, new Matrix<double>(3, 2), null, false, null, null, null)).Message);
    }

    /// <summary>
    /// The reference is MultiplyTransposed of each piece with its rows of W, added, then HalsSweep.Run on one thread;
    /// RunPieces must give the same row-major H, violation and (the same bits on every path) Gram, on 1–3 threads, with
    /// and without the owned path's partials.
    /// </summary>
    private static bool SameBits<T>(SparseCase c, double cut, bool expectOwned) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(c.Seed);
        var source = new RandomCsr<T>(c.Rows, c.Cols, c.Density, random);
        var x = new CsrMatrix<T>(c.Rows, c.Cols, source.RowPointers, source.ColumnIndices, source.Values);
        int m = x.Rows, n = x.Cols, k = c.K, boundary = (int)(cut * m);
        var packed = PackedCsr<T>.Pack(x);
        var first = PackedCsr<T>.PackTransposedRows(x, packed, 1, 0, boundary, true);
        var second = PackedCsr<T>.PackTransposedRows(x, packed, 1, boundary, m, true);
        var w = RandomSparse.Dense<T>(m, k, random);
        var start = RandomSparse.Dense<T>(k, n, random);
        foreach (ref var v in start.AsSpan()) if (random.NextDouble() < 0.2) v = T.Zero;
        var hessian = new Matrix<T>(k, k);
        Nmf.Fast.Linear.Gram.OfRows(RandomSparse.Dense<T>(k, 7, random).AsReadOnlyMatrixSpan(), hessian.AsMatrixSpan(), 1);
        T l1 = T.CreateTruncating(c.Seed % 2 == 0 ? 0.0 : 0.05);
        int tiles = Math.Max(1, HalsSweep.TileCount<T>(n));

        var c0 = new Matrix<T>(k, n);
        var c1 = new Matrix<T>(k, n);
        SparseKernels.MultiplyTransposed(first, new ReadOnlyMatrixSpan<T>(w.AsSpan()[..(boundary * k)], boundary, k), c0.AsMatrixSpan(), 1);
        SparseKernels.MultiplyTransposed(second, new ReadOnlyMatrixSpan<T>(w.AsSpan()[(boundary * k)..], m - boundary, k), c1.AsMatrixSpan(), 1);
        var expectedC = new Matrix<T>(k, n);
        for (int i = 0; i < k * n; i++) expectedC.AsSpan()[i] = c0.AsSpan()[i] + c1.AsSpan()[i];
        var expectedF = start.Clone();
        var expectedCopy = new Matrix<T>(n, k);
        double expectedViolation = HalsSweep.Run(expectedF, hessian, expectedC, l1, new double[tiles], 1, expectedCopy);
        double expectedInner = Nmf.Fast.Solvers.Reductions.FrobeniusInner<T>(expectedC, expectedF);

        Matrix<T>? firstGram = null;
        bool sawOwned = false;
        foreach (int dop in new[] { 1, 2, 3 })
        foreach (bool withPartials in new[] { false, true })
        foreach (bool rowMajorOnly in new[] { false, true })
        {
            string where = $"{c}, cut {boundary}, dop {dop}, partials {withPartials}, row-major only {rowMajorOnly}";
            sawOwned |= withPartials && SparseHalsStep.OwnsPieces(first.NonZeroCount + second.NonZeroCount, n, k, dop) && n > 0;
            var f = rowMajorOnly ? null : start.Clone();
            var copy = new Matrix<T>(n, k);
            if (rowMajorOnly)
                for (int j = 0; j < n; j++)
                    for (int t = 0; t < k; t++) copy[j, t] = start[t, j];
            var gram = new Matrix<T>(k, k);
            gram.AsSpan().Fill(T.NaN);
            var tileInner = new double[tiles];
            var partials = withPartials ? (new Matrix<T>(n, k), new Matrix<T>(n, k)) : ((Matrix<T>, Matrix<T>)?)null;
            double violation = SparseHalsStep.RunPieces(first, second, w, f, hessian, l1, new double[tiles], dop, copy, tileInner, innerAfterSweep: true,
                gram, new TileGram<T>(tiles, k), partials);
            if (!copy.AsSpan().SequenceEqual(expectedCopy.AsSpan())) throw new InvalidOperationException($"{where}: Hᵀ differs.");
            if (f is not null && !f.AsSpan().SequenceEqual(expectedF.AsSpan())) throw new InvalidOperationException($"{where}: H differs.");
            if (BitConverter.DoubleToInt64Bits(violation) != BitConverter.DoubleToInt64Bits(expectedViolation))
                throw new InvalidOperationException($"{where}: violation {violation} ≠ {expectedViolation}.");
            if (!(Math.Abs(tileInner.Sum() - expectedInner) <= 1e-12 * Math.Max(1, Math.Abs(expectedInner))))
                throw new InvalidOperationException($"{where}: ⟨C, H⟩ {tileInner.Sum()} ≠ {expectedInner}.");
            firstGram ??= gram;
            if (!gram.AsSpan().SequenceEqual(firstGram.AsSpan())) throw new InvalidOperationException($"{where}: the Gram depends on the path.");
        }
        if (expectOwned && !sawOwned) throw new InvalidOperationException($"{c}: two threads did not take the owned path.");
        return true;
    }

    private static CsrMatrix<double> CountsOrValues(SparseCase c, bool counts)
    {
        var source = new RandomCsr<double>(c.Rows, c.Cols, c.Density, new System.Random(c.Seed));
        var values = source.Values.ToArray();
        if (counts)
            for (int p = 0; p < values.Length; p++) values[p] = Math.Ceiling(values[p]);
        return new CsrMatrix<double>(c.Rows, c.Cols, source.RowPointers, source.ColumnIndices, values);
    }

    /// <summary>Rows [lo, hi) of X as a matrix of their own.</summary>
    private static CsrMatrix<double> Block(CsrMatrix<double> x, int lo, int hi)
    {
        int first = x.RowPointers[lo], last = x.RowPointers[hi];
        var rp = new int[hi - lo + 1];
        for (int i = lo; i <= hi; i++) rp[i - lo] = x.RowPointers[i] - first;
        return new CsrMatrix<double>(hi - lo, x.Cols, rp, x.ColumnIndices[first..last].ToArray(), x.Values[first..last].ToArray());
    }

    private static void SameArrays(PackedCsr<double> expected, PackedCsr<double> actual, bool narrow, string where)
    {
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Cols, actual.Cols);
        Assert.True(expected.RowPointers.SequenceEqual(actual.RowPointers), $"{where}: row pointers");
        Assert.Equal(narrow, actual.NarrowColumns);
        var columns = narrow ? actual.NarrowColumnIndices.ToArray().Select(i => (int)i) : actual.WideColumnIndices.ToArray();
        var expectedColumns = expected.NarrowColumns ? expected.NarrowColumnIndices.ToArray().Select(i => (int)i) : expected.WideColumnIndices.ToArray();
        Assert.True(expectedColumns.SequenceEqual(columns), $"{where}: column indices");
        // The storage of the values is decided from all of X (both pieces share one), the expected block's from its own values.
        Assert.True(Values(expected).SequenceEqual(Values(actual)), $"{where}: values");
    }

    private static double[] Values(PackedCsr<double> a) =>
        a.ByteValues ? a.ByteValueSpan.ToArray().Select(b => (double)b).ToArray()
        : a.NarrowValues ? a.NarrowValueSpan.ToArray().Select(f => (double)f).ToArray()
        : a.WideValues.ToArray();
}
