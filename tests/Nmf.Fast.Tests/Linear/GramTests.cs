// Gram matrices: equal to the GEMM result and exactly symmetric, on every tier and thread count.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Linear;
using Nmf.Fast.Linear.Kernels;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Linear;

public class GramTests
{
    private static readonly int[] Ranks = [0, 1, 2, 5, 10, 11, 12, 13, 16, 20, 31, 32, 33, 50, 64, 100];
    private static readonly int[] Lengths = [1, 7, 33, 64, 65, 257, 600];

    private static Arbitrary<(int Rank, int Length, KernelTier Tier, int Threads, int Seed)> Cases =>
        (from r in Gen.Elements(Ranks)
         from l in Gen.Elements(Lengths)
         from t in Gen.Elements(GemmTestData.Tiers)
         from th in Gen.Elements(1, -1)
         from s in Gen.Choose(0, 1000)
         select (r, l, t, th, s)).ToArbitrary();

    [Property(MaxTest = 60)]
    public Property OfColumns_MatchesGemmWithinRounding_AndIsExactlySymmetric() =>
        Prop.ForAll(Cases, x =>
        {
            var rng = new System.Random(x.Seed);
            var a = GemmTestData.Inner(GemmTestData.Padded<double>(x.Length, x.Rank, 1, rng, 0), x.Length, x.Rank, 1);
            var gram = new Matrix<double>(x.Rank, x.Rank);
            var gemm = new Matrix<double>(x.Rank, x.Rank);
            Gram.OfColumns<double>(a, gram, x.Threads, x.Tier);
            Gemm.Multiply(1.0, a, MatrixOp.Transpose, a, MatrixOp.None, 0.0, gemm, 1, x.Tier, upperOnly: false);
            // Tall-skinny AᵀA runs on a transposed copy (dot-product path), so it agrees with the blocked GEMM
            // to rounding, not bit for bit; both must sit within the oracle's bound.
            var (expected, bound) = Reference.NaiveGemm.Multiply<double>(1.0, a, MatrixOp.Transpose, a, MatrixOp.None, 0.0, gemm);
            for (int i = 0; i < x.Rank; i++)
                for (int j = 0; j < x.Rank; j++)
                    if (gram[i, j] != gram[j, i] || Math.Abs(gram[i, j] - expected[i, j]) > bound[i, j]
                        || Math.Abs(gemm[i, j] - expected[i, j]) > bound[i, j])
                        return false;
            return true;
        });

    [Property(MaxTest = 60)]
    public Property OfColumns_Float_MatchesNaiveWithinRounding_AndIsExactlySymmetric() =>
        Prop.ForAll(Cases, x =>
        {
            // Float through the transposed copy and the dot-product path, on a strided view; odd lengths and ranks
            // exercise the transpose's remainder rows and the kernels' edges.
            var rng = new System.Random(x.Seed);
            var a = GemmTestData.Inner(GemmTestData.Padded<float>(x.Length, x.Rank, 3, rng, 0f), x.Length, x.Rank, 3);
            var gram = new Matrix<float>(x.Rank, x.Rank);
            Gram.OfColumns<float>(a, gram, x.Threads, x.Tier);
            var (expected, bound) = Reference.NaiveGemm.Multiply<float>(1f, a, MatrixOp.Transpose, a, MatrixOp.None, 0f, gram);
            for (int i = 0; i < x.Rank; i++)
                for (int j = 0; j < x.Rank; j++)
                    if (gram[i, j] != gram[j, i] || Math.Abs(gram[i, j] - expected[i, j]) > bound[i, j])
                        return false;
            return true;
        });

    [Property(MaxTest = 60)]
    public Property OfRows_EqualsGemm_AndIsExactlySymmetric() =>
        Prop.ForAll(Cases, x =>
        {
            var rng = new System.Random(x.Seed);
            var a = GemmTestData.Inner(GemmTestData.Padded<float>(x.Rank, x.Length, 2, rng, 0), x.Rank, x.Length, 2);
            var gram = new Matrix<float>(x.Rank, x.Rank);
            var gemm = new Matrix<float>(x.Rank, x.Rank);
            Gram.OfRows<float>(a, gram, x.Threads, x.Tier);
            Gemm.Multiply(1f, a, MatrixOp.None, a, MatrixOp.Transpose, 0f, gemm, 1, x.Tier, upperOnly: false);
            return SymmetricAndEqualUpper(gram, gemm);
        });

    [Fact]
    public void Gram_WrongOutputShape_Throws()
    {
        var a = new Matrix<float>(10, 3);
        var e = Assert.Throws<ArgumentException>(() => Gram.OfColumns<float>(a, new Matrix<float>(3, 4)));
        Assert.Contains("3×3", e.Message);
        Assert.Throws<ArgumentException>(() => Gram.OfRows<float>(a, new Matrix<float>(3, 3)));
    }

    [Fact]
    public void Gram_OfTallSkinny_MatchesNaive()
    {
        var rng = new System.Random(3);
        var w = GemmTestData.Padded<float>(5000, 20, 0, rng, 0);
        var gram = new Matrix<float>(20, 20);
        Gram.OfColumns<float>(w, gram);
        var (expected, bound) = Reference.NaiveGemm.Multiply<float>(1f, w, MatrixOp.Transpose, w, MatrixOp.None, 0f, gram);
        for (int i = 0; i < 20; i++)
            for (int j = 0; j < 20; j++)
                Assert.True(Math.Abs(gram[i, j] - expected[i, j]) <= bound[i, j], $"({i},{j})");
    }

    private static bool SymmetricAndEqualUpper<T>(Matrix<T> gram, Matrix<T> gemm) where T : unmanaged, IEquatable<T>
    {
        for (int i = 0; i < gram.Rows; i++)
            for (int j = 0; j < gram.Cols; j++)
            {
                if (!gram[i, j].Equals(gram[j, i])) return false;
                if (j >= i && !gram[i, j].Equals(gemm[i, j])) return false;
            }
        return true;
    }
}
