// NmfInitializer against scikit-learn 1.2.1's _initialize_nmf (fixtures), plus shape rules and clear errors.
using Nmf.Fast.Init;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Init;

public class NmfInitializerTests
{
    public static TheoryData<string> RandomFloat64 => new(InitFixture<double>.Names("random", "float64"));
    public static TheoryData<string> RandomFloat32 => new(InitFixture<float>.Names("random", "float32"));
    public static TheoryData<string> NndsvdFamilyFloat64 => new(
        InitFixture<double>.Names("nndsvd", "float64").Concat(InitFixture<double>.Names("nndsvda", "float64"))
            .Concat(InitFixture<double>.Names("nndsvdar", "float64")));
    public static TheoryData<string> NndsvdaFloat32 => new(InitFixture<float>.Names("nndsvda", "float32"));

    private static NmfInit MethodOf(string name) => name.Split('_')[0] switch
    {
        "random" => NmfInit.Random,
        "nndsvd" => NmfInit.Nndsvd,
        "nndsvda" => NmfInit.Nndsvda,
        "nndsvdar" => NmfInit.Nndsvdar,
        _ => throw new ArgumentException(name),
    };

    private static (Matrix<T> W, Matrix<T> H) Run<T>(InitFixture<T> f, NmfInit method, int threads = 1)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var w = new Matrix<T>(f.First.Rows, f.First.Cols);
        var h = new Matrix<T>(f.Second.Rows, f.Second.Cols);
        NmfInitializer.Initialize<T>(f.X, method, f.Seed, w, h, threads);
        return (w, h);
    }

    private static void AssertClose(Matrix<double> expected, Matrix<double> actual, double relative, string what)
    {
        double scale = expected.AsSpan().ToArray().Max(Math.Abs);
        for (int i = 0; i < expected.Rows; i++)
            for (int j = 0; j < expected.Cols; j++)
                Assert.True(Math.Abs(expected[i, j] - actual[i, j]) <= relative * scale,
                    $"{what}[{i},{j}]: expected {expected[i, j]:R}, got {actual[i, j]:R} (tolerance {relative * scale:E2})");
    }

    private static void AssertClose(Matrix<float> expected, Matrix<float> actual, double relative, string what)
    {
        var e = new Matrix<double>(expected.Rows, expected.Cols);
        var a = new Matrix<double>(expected.Rows, expected.Cols);
        for (int i = 0; i < expected.Rows; i++)
            for (int j = 0; j < expected.Cols; j++) { e[i, j] = expected[i, j]; a[i, j] = actual[i, j]; }
        AssertClose(e, a, relative, what);
    }

    [Theory]
    [MemberData(nameof(RandomFloat64))]
    public void RandomInit_Float64_EqualsScikitLearnBitForBit(string name)
    {
        var f = InitFixture<double>.Load(name);
        var (w, h) = Run(f, NmfInit.Random);
        Assert.Equal(f.First.AsSpan().ToArray(), w.AsSpan().ToArray());
        Assert.Equal(f.Second.AsSpan().ToArray(), h.AsSpan().ToArray());
    }

    [Theory]
    [MemberData(nameof(RandomFloat32))]
    public void RandomInit_Float32_EqualsScikitLearnBitForBit(string name)
    {
        var f = InitFixture<float>.Load(name);
        var (w, h) = Run(f, NmfInit.Random);
        Assert.Equal(f.First.AsSpan().ToArray(), w.AsSpan().ToArray());
        Assert.Equal(f.Second.AsSpan().ToArray(), h.AsSpan().ToArray());
    }

    [Theory]
    [MemberData(nameof(NndsvdFamilyFloat64))]
    public void NndsvdFamily_Float64_MatchesScikitLearnTo1e8(string name)
    {
        var f = InitFixture<double>.Load(name);
        var (w, h) = Run(f, MethodOf(name));
        AssertClose(f.First, w, 1e-8, name + " W");
        AssertClose(f.Second, h, 1e-8, name + " H");
    }

    [Theory]
    [MemberData(nameof(NndsvdaFloat32))]
    public void Nndsvda_Float32_MatchesScikitLearnToSinglePrecision(string name)
    {
        var f = InitFixture<float>.Load(name);
        var (w, h) = Run(f, NmfInit.Nndsvda);
        AssertClose(f.First, w, 1e-4, name + " W");
        AssertClose(f.Second, h, 1e-4, name + " H");
    }

    [Theory]
    [MemberData(nameof(NndsvdFamilyFloat64))]
    public void NndsvdFamily_IsIndependentOfThreadCount(string name)
    {
        var f = InitFixture<double>.Load(name);
        var (w1, h1) = Run(f, MethodOf(name), 1);
        var (w2, h2) = Run(f, MethodOf(name), 2);
        Assert.Equal(w1.AsSpan().ToArray(), w2.AsSpan().ToArray());
        Assert.Equal(h1.AsSpan().ToArray(), h2.AsSpan().ToArray());
    }

    [Fact]
    public void ReadmeExample_RandomSeed0_GivesScikitLearnsStartingFactors()
    {
        // X of scikit-learn's NMF docstring; W₀, H₀ printed by _initialize_nmf(X, 2, 'random', random_state=0).
        var f = InitFixture<double>.Load("random_float64_6x2_k2_s0.bin");
        Assert.Equal(1.0, f.X[0, 0]);
        Assert.Equal(1.2, f.X[2, 1]);
        var (w, h) = Run(f, NmfInit.Random);
        Assert.Equal(f.First.AsSpan().ToArray(), w.AsSpan().ToArray());
        Assert.Equal(f.Second.AsSpan().ToArray(), h.AsSpan().ToArray());
    }

    [Theory]
    [InlineData(NmfInit.Nndsvd)]
    [InlineData(NmfInit.Nndsvda)]
    [InlineData(NmfInit.Nndsvdar)]
    public void Nndsvd_WithRankAboveMinDimension_NamesRankAndShape(NmfInit method)
    {
        var x = new Matrix<double>(4, 6);
        x.AsSpan().Fill(1);
        var w = new Matrix<double>(4, 5);
        var h = new Matrix<double>(5, 6);
        var error = Assert.Throws<ArgumentException>(() => NmfInitializer.Initialize<double>(x, method, 0, w, h, 1));
        Assert.Contains("k = 5", error.Message);
        Assert.Contains("4×6", error.Message);
    }

    [Fact]
    public void Custom_IsRejected_CallerSuppliesFactors()
    {
        var x = new Matrix<double>(3, 3);
        var error = Assert.Throws<ArgumentException>(() =>
            NmfInitializer.Initialize<double>(x, NmfInit.Custom, 0, new Matrix<double>(3, 2), new Matrix<double>(2, 3), 1));
        Assert.Contains("Custom", error.Message);
    }

    [Fact]
    public void WrongFactorShapes_AreRejectedWithTheShapes()
    {
        var x = new Matrix<double>(3, 4);
        var error = Assert.Throws<ArgumentException>(() =>
            NmfInitializer.Initialize<double>(x, NmfInit.Random, 0, new Matrix<double>(3, 2), new Matrix<double>(2, 5), 1));
        Assert.Contains("2×5", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            NmfInitializer.Initialize<double>(x, NmfInit.Random, -1, new Matrix<double>(3, 2), new Matrix<double>(2, 4), 1));
    }

    [Theory]
    [InlineData(10, 8, 8, NmfInit.Nndsvda)]
    [InlineData(10, 8, 9, NmfInit.Random)]
    [InlineData(3, 50, 3, NmfInit.Nndsvda)]
    [InlineData(3, 50, 4, NmfInit.Random)]
    public void Auto_ResolvesAsScikitLearn(int rows, int cols, int rank, NmfInit expected)
    {
        Assert.Equal(expected, NmfInitializer.Resolve(NmfInit.Auto, rows, cols, rank));
        Assert.Equal(NmfInit.Nndsvd, NmfInitializer.Resolve(NmfInit.Nndsvd, rows, cols, rank));
    }

    [Fact]
    public void Auto_WithLargeRank_UsesRandomStream()
    {
        var f = InitFixture<double>.Load("random_float64_9x11_k15_s3.bin");
        var (w, h) = Run(f, NmfInit.Auto);
        AssertClose(f.First, w, 1e-15, "W");
        AssertClose(f.Second, h, 1e-15, "H");
    }

    [Theory]
    [InlineData("nndsvdar_float64_30x50_k4_s1.bin")]
    [InlineData("random_float64_13x40_k5_s42.bin")]
    public void StridedViews_GiveTheSameFactorsAsDenseMatrices(string name)
    {
        var f = InitFixture<double>.Load(name);
        int m = f.X.Rows, n = f.X.Cols, k = f.First.Cols;
        var (w, h) = Run(f, MethodOf(name));
        var parent = new Matrix<double>(m + 1, n + 2);
        var xView = parent.AsMatrixSpan().Slice(1, 2, m, n);
        f.X.AsReadOnlyMatrixSpan().CopyTo(xView);
        var wParent = new Matrix<double>(m, k + 3);
        var hParent = new Matrix<double>(k, n + 1);
        NmfInitializer.Initialize<double>(xView, MethodOf(name), f.Seed, wParent.AsMatrixSpan().Slice(0, 1, m, k), hParent.AsMatrixSpan().Slice(0, 0, k, n), 2);
        for (int i = 0; i < m; i++) for (int j = 0; j < k; j++) Assert.Equal(w[i, j], wParent[i, j + 1]);
        for (int i = 0; i < k; i++) for (int j = 0; j < n; j++) Assert.Equal(h[i, j], hParent[i, j]);
    }
}
