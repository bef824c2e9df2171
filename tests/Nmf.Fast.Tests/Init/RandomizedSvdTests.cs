// RandomizedSvd against scikit-learn's randomized_svd (fixtures) and against the exact SVD's properties.
using Nmf.Fast.Init;
using Nmf.Fast.Linear;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Init;

public class RandomizedSvdTests
{
    public static TheoryData<string> Cases => new(InitFixture<double>.Names("randomized_svd", "float64"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Triplets_MatchScikitLearnWithSigns(string name)
    {
        var f = InitFixture<double>.Load(name, svd: true);
        int m = f.X.Rows, n = f.X.Cols, k = f.First.Cols;
        var u = new Matrix<double>(m, k);
        var vt = new Matrix<double>(k, n);
        var s = new double[k];
        RandomizedSvd.Compute<double>(f.X, k, f.Seed, u, s, vt, 1);
        for (int j = 0; j < k; j++) Assert.Equal(f.Second[0, j], s[j], 1e-10 * f.Second[0, 0]);
        for (int i = 0; i < m; i++) for (int j = 0; j < k; j++) Assert.Equal(f.First[i, j], u[i, j], 1e-9);
        for (int j = 0; j < k; j++) for (int c = 0; c < n; c++) Assert.Equal(f.Third![j, c], vt[j, c], 1e-9);
    }

    [Theory]
    [InlineData(9, 5, 2)]    // k + 10 ≥ min(m, n): exact path
    [InlineData(5, 9, 5)]    // wide, full rank
    [InlineData(60, 45, 3)]  // sketch path, 7 power iterations
    [InlineData(45, 60, 6)]  // sketch path, transposed, 4 power iterations
    public void ExactlyLowRankMatrix_IsReproducedWithOrthonormalFactors(int m, int n, int rank)
    {
        var random = new System.Random(m * 1000 + n);
        var a = new Matrix<double>(m, rank);
        var b = new Matrix<double>(rank, n);
        foreach (ref double v in a.AsSpan()) v = random.NextDouble();
        foreach (ref double v in b.AsSpan()) v = random.NextDouble() - 0.3;
        var x = new Matrix<double>(m, n);
        Gemm.Multiply(1.0, a, MatrixOp.None, b, MatrixOp.None, 0.0, x);

        var u = new Matrix<double>(m, rank);
        var vt = new Matrix<double>(rank, n);
        var s = new double[rank];
        RandomizedSvd.Compute<double>(x, rank, 3, u, s, vt);

        for (int j = 1; j < rank; j++) Assert.True(s[j - 1] >= s[j]);
        var gram = new Matrix<double>(rank, rank);
        Gram.OfColumns<double>(u, gram);
        for (int i = 0; i < rank; i++) for (int j = 0; j < rank; j++) Assert.Equal(i == j ? 1.0 : 0.0, gram[i, j], 1e-12);
        Gram.OfRows<double>(vt, gram);
        for (int i = 0; i < rank; i++) for (int j = 0; j < rank; j++) Assert.Equal(i == j ? 1.0 : 0.0, gram[i, j], 1e-12);
        for (int i = 0; i < m; i++)
            for (int c = 0; c < n; c++)
            {
                double sum = 0;
                for (int j = 0; j < rank; j++) sum += u[i, j] * s[j] * vt[j, c];
                Assert.Equal(x[i, c], sum, 1e-10);
            }
        // svd_flip: the largest-magnitude entry of each left vector is positive.
        for (int j = 0; j < rank; j++)
        {
            int best = 0;
            for (int i = 1; i < m; i++) if (Math.Abs(u[i, j]) > Math.Abs(u[best, j])) best = i;
            Assert.True(u[best, j] > 0);
        }
    }

    [Fact]
    public void RankOutOfRange_NamesTheShape()
    {
        var x = new Matrix<double>(4, 3);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            RandomizedSvd.Compute<double>(x, 4, 0, new Matrix<double>(4, 4), new double[4], new Matrix<double>(4, 3)));
        Assert.Contains("4×3", error.Message);
    }
}
