// GEMM against the naive oracle: tile-edge shapes, all transposes, α/β cases, strided views, every kernel tier.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Linear;
using Nmf.Fast.Linear.Kernels;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Linear;

public class GemmTests
{
    // Sizes just below, at and above the vector widths (4, 8, 16), tile heights (4, 6, 10, 12), tile widths
    // (8, 16, 32) and the dot-product tile (4 × 6), plus 0 and 1.
    private static readonly int[] EdgeDims = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 20, 23, 24, 25, 31, 32, 33, 47, 48, 49, 63, 64, 65];

    // Depths around the vector widths, the dot-path threshold (64) and the KC blocks (128 scalar, 256 SIMD; 384 for
    // tall float C, reached by the theory below).
    private static readonly int[] EdgeDepths = [0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257];

    private static readonly double[] Scalars = [0, 1, -0.75];

    private static Arbitrary<GemmCase> Cases(Gen<KernelTier> tiers) =>
        (from m in Gen.Elements(EdgeDims)
         from n in Gen.Elements(EdgeDims)
         from k in Gen.Elements(EdgeDepths)
         from ta in Gen.Elements(false, true)
         from tb in Gen.Elements(false, true)
         from alpha in Gen.Elements(Scalars)
         from beta in Gen.Elements(Scalars)
         from pad in Gen.Choose(0, 3)
         from tier in tiers
         from seed in Gen.Choose(0, 1_000_000)
         select new GemmCase(m, n, k, ta, tb, alpha, beta, pad, tier, seed)).ToArbitrary();

    private static Gen<KernelTier> AllTiers => Gen.Elements(GemmTestData.Tiers);

    [Property(MaxTest = 300)]
    public Property Gemm_MatchesNaive_AtTileEdges_Float() =>
        Prop.ForAll(Cases(AllTiers), g => GemmTestData.Check<float>(g) is null);

    [Property(MaxTest = 300)]
    public Property Gemm_MatchesNaive_AtTileEdges_Double() =>
        Prop.ForAll(Cases(AllTiers), g => GemmTestData.Check<double>(g) is null);

    public static TheoryData<int, int, int> BlockEdgeShapes => new()
    {
        { 385, 70, 300 },    // MC (384 float) and KC (256 double) crossed, several row slivers
        { 400, 40, 769 },    // KC 384 (tall float C) crossed twice
        { 193, 40, 513 },    // MC (192 double), two KC boundaries
        { 20, 4200, 24 },    // few rows: NC (4096 float, 2048 double) crossed, balanced 10-row tiles
        { 13, 2100, 40 },    // NC (2048 double) crossed
        { 300, 20, 300 },    // NMF-like X·Hᵀ: dot path when op(B) is transposed, k has a tail
        { 20, 300, 200 },    // H·Xᵀ: the dot path with the long operand on B
        { 100, 130, 150 },   // just above the dot path's narrow limit
    };

    [Theory]
    [MemberData(nameof(BlockEdgeShapes))]
    public void Gemm_MatchesNaive_AcrossCacheBlocks_AllTiersAndTransposes(int m, int n, int k)
    {
        foreach (var tier in GemmTestData.Tiers)
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                {
                    Assert.Null(GemmTestData.Check<float>(new GemmCase(m, n, k, ta, tb, 1, 0, 1, tier, m + n + k)));
                    Assert.Null(GemmTestData.Check<double>(new GemmCase(m, n, k, ta, tb, -0.75, 1, 2, tier, m * n + k)));
                }
    }

    public static TheoryData<int, int, int, bool, bool> ParallelShapes => new()
    {
        { 400, 150, 100, false, false },  // blocked, rows split
        { 20, 2000, 300, true, false },   // blocked, columns split (Wᵀ·X)
        { 50, 2000, 300, true, false },   // blocked, columns split, 5 slivers of C rows read B in place
        { 100, 1030, 200, false, false }, // same with op(B) = B ending in a part sliver (packed, zero-padded)
        { 1000, 20, 300, false, true },   // dot path, long operand A (X·Hᵀ)
        { 20, 1000, 300, false, true },   // dot path, long operand B
        { 300, 300, 300, true, true },
        { 600, 200, 500, false, false },  // rows split into bands shorter than MC: KC must still follow the whole m
    };

    [Theory]
    [MemberData(nameof(ParallelShapes))]
    public void Gemm_IsBitwiseIdentical_ForAnyThreadCount(int m, int n, int k, bool ta, bool tb)
    {
        foreach (var tier in GemmTestData.Tiers)
        {
            var reference = Run<float>(m, n, k, ta, tb, tier, threads: 1);
            foreach (int threads in new[] { 2, 3, -1 })
                Assert.True(reference.AsSpan().SequenceEqual(Run<float>(m, n, k, ta, tb, tier, threads).AsSpan()), $"float {tier} threads={threads}");
            var referenceD = Run<double>(m, n, k, ta, tb, tier, threads: 1);
            Assert.True(referenceD.AsSpan().SequenceEqual(Run<double>(m, n, k, ta, tb, tier, -1).AsSpan()), $"double {tier}");
        }
    }

    [Fact]
    public void Gemm_IsBitwiseIdentical_WhenCalledConcurrently()
    {
        var reference = Run<float>(300, 200, 150, false, false, KernelSelector.Default, 1);
        var results = new Matrix<float>[4];
        Parallel.For(0, results.Length, i => results[i] = Run<float>(300, 200, 150, false, false, KernelSelector.Default, -1));
        foreach (var r in results) Assert.True(reference.AsSpan().SequenceEqual(r.AsSpan()));
    }

    [Theory]
    [InlineData(300, 200, 150, false, false)]
    [InlineData(1000, 20, 300, false, true)]
    [InlineData(20, 1000, 300, true, false)]
    public void Gemm_DoesNotAllocate_InSteadyState(int m, int n, int k, bool ta, bool tb)
    {
        var a = new Matrix<float>(ta ? k : m, ta ? m : k);
        var b = new Matrix<float>(tb ? n : k, tb ? k : n);
        var c = new Matrix<float>(m, n);
        var opA = ta ? MatrixOp.Transpose : MatrixOp.None;
        var opB = tb ? MatrixOp.Transpose : MatrixOp.None;
        foreach (int threads in new[] { 1, -1 })
        {
            // Which chunks the calling thread runs varies with timing (and with other tests sharing the
            // worker pool), so its pack buffer may still grow once after the first call. Steady state means
            // some later round of calls allocates nothing; an allocation per call would show in every round.
            Gemm.Multiply(1f, a, opA, b, opB, 0f, c, threads);
            long allocatedInBestRound = long.MaxValue;
            for (int round = 0; round < 5 && allocatedInBestRound != 0; round++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 3; i++) Gemm.Multiply(1f, a, opA, b, opB, 0f, c, threads);
                allocatedInBestRound = Math.Min(allocatedInBestRound, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            Assert.Equal(0, allocatedInBestRound);
        }
    }

    [Fact]
    public void Gemm_WithBetaZero_NeverReadsC()
    {
        var a = new Matrix<float>(40, 50);
        var b = new Matrix<float>(50, 60);
        a.AsSpan().Fill(1);
        b.AsSpan().Fill(2);
        foreach (var tier in GemmTestData.Tiers)
        {
            var c = new Matrix<float>(40, 60);
            c.AsSpan().Fill(float.NaN);
            Gemm.Multiply(1f, a, MatrixOp.None, b, MatrixOp.None, 0f, c, -1, tier, upperOnly: false);
            Assert.All(c.AsSpan().ToArray(), v => Assert.Equal(100f, v));
        }
    }

    [Fact]
    public void Gemm_WithAlphaZeroOrEmptyDepth_OnlyScalesC()
    {
        var a = new Matrix<double>(5, 0);
        var b = new Matrix<double>(0, 7);
        var c = new Matrix<double>(5, 7);
        c.AsSpan().Fill(3);
        Gemm.Multiply(1.0, a, MatrixOp.None, b, MatrixOp.None, 0.5, c);
        Assert.All(c.AsSpan().ToArray(), v => Assert.Equal(1.5, v));
        Gemm.Multiply(1.0, a, MatrixOp.None, b, MatrixOp.None, 0.0, c);
        Assert.All(c.AsSpan().ToArray(), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Gemm_OnOtherElementTypes_UsesTheScalarPath()
    {
        var a = Matrix<Half>.FromArray(new[,] { { (Half)1, (Half)2 }, { (Half)3, (Half)4 } });
        var c = new Matrix<Half>(2, 2);
        Gemm.Multiply((Half)1, a, MatrixOp.None, a, MatrixOp.Transpose, (Half)0, c);
        Assert.Equal((Half)5, c[0, 0]);
        Assert.Equal((Half)11, c[0, 1]);
        Assert.Equal((Half)25, c[1, 1]);
    }

    [Fact]
    public void Gemm_BadShapes_ThrowNamingTheShapes()
    {
        var a = new Matrix<float>(3, 4);
        var b = new Matrix<float>(5, 6);
        var c = new Matrix<float>(3, 6);
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(1f, a, MatrixOp.None, b, MatrixOp.None, 0f, c));
        Assert.Contains("3×4", e.Message);
        Assert.Contains("5×6", e.Message);
        var b2 = new Matrix<float>(4, 6);
        var c2 = new Matrix<float>(3, 5);
        e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(1f, a, MatrixOp.None, b2, MatrixOp.None, 0f, c2));
        Assert.Contains("3×5", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(1f, a, MatrixOp.None, b2, MatrixOp.None, 0f, c, 0));
    }

    [Fact]
    public void KernelSelector_ParsesTierNames_AndPicksASupportedDefault()
    {
        Assert.Equal(KernelTier.Avx512, KernelSelector.Parse("avx512"));
        Assert.Equal(KernelTier.Avx2, KernelSelector.Parse(" AVX2 "));
        Assert.Equal(KernelTier.Scalar, KernelSelector.Parse("scalar"));
        Assert.Null(KernelSelector.Parse("sse"));
        Assert.True(KernelSelector.IsSupported(KernelSelector.Default));
        Assert.Equal(KernelTier.Scalar, KernelSelector.Effective<Half>(KernelTier.Avx512));
    }

    [Theory]
    [InlineData(20, 12, 10)]
    [InlineData(50, 12, 10)]
    [InlineData(100, 12, 10)]
    [InlineData(10, 12, 10)]
    [InlineData(5000, 12, 12)]
    [InlineData(20, 6, 5)]
    public void TileRows_FillsTilesForSmallRanks(int rows, int maxRows, int expected)
        => Assert.Equal(expected, GemmBlocking.TileRows(rows, maxRows));

    private static Matrix<T> Run<T>(int m, int n, int k, bool ta, bool tb, KernelTier tier, int threads)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new System.Random(7);
        var a = GemmTestData.Inner(GemmTestData.Padded<T>(ta ? k : m, ta ? m : k, 1, rng, T.Zero), ta ? k : m, ta ? m : k, 1);
        var b = GemmTestData.Inner(GemmTestData.Padded<T>(tb ? n : k, tb ? k : n, 2, rng, T.Zero), tb ? n : k, tb ? k : n, 2);
        var c = new Matrix<T>(m, n);
        c.AsSpan().Fill(T.One);
        Gemm.Multiply(T.CreateTruncating(1.5), a, ta ? MatrixOp.Transpose : MatrixOp.None, b, tb ? MatrixOp.Transpose : MatrixOp.None,
            T.CreateTruncating(0.5), c, threads, tier, upperOnly: false);
        return c;
    }
}
