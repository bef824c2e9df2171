// PCA from the randomized SVD: scikit-learn's numbers on a fixed case, and the identities any PCA must satisfy.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Analysis;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Analysis;

public class PrincipalComponentsTests
{
    /// <summary>X[i, j] = sin((0.37·i·(j + 1)) mod 7) + 0.1·((3i + 5j) mod 11), a 60×40 matrix with separated singular values.</summary>
    private static Matrix<double> FixedCase()
    {
        var x = new Matrix<double>(60, 40);
        for (int i = 0; i < 60; i++)
            for (int j = 0; j < 40; j++)
                x[i, j] = Math.Sin(0.37 * i * (j + 1) % 7.0) + 0.1 * ((3 * i + 5 * j) % 11);
        return x;
    }

    [Fact]
    public void MatchesScikitLearnRandomizedPca_OnAFixedCase()
    {
        // scikit-learn 1.2.1: PCA(3, svd_solver="randomized", random_state=0).fit(X) on FixedCase().
        var pca = PrincipalComponents.Fit(FixedCase(), rank: 3, seed: 0);
        double[] variance = [2.1510305508356855, 1.7368074214436946, 1.3421252319196468];
        double[] ratio = [0.09847476140412646, 0.079511514313517, 0.06144285674436294];
        double[] singular = [11.265469475317282, 10.12282756275034, 8.898617234338106];
        double[,] firstColumns =
        {
            { 0.16258840616399012, -0.19101513634192718, 0.15453759207462497, -0.17552304821716017 },
            { 0.04203845171699987, -0.03067584488072828, -0.0754664859093228, 0.20452435116542977 },
            { 0.12088573905848962, -0.07524370524605613, 0.1983464370084537, 0.229918588708582 },
        };
        double[,] scores = { { 0.05434985388243956, -1.417042164915299, 0.06831915618923975 }, { -2.078258949230853, 0.10906555773219034, 0.4630187660362751 } };
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(variance[j], pca.ExplainedVariance[j], 9);
            Assert.Equal(ratio[j], pca.ExplainedVarianceRatio[j], 9);
            Assert.Equal(singular[j], pca.SingularValues[j], 9);
            for (int c = 0; c < 4; c++) Assert.Equal(firstColumns[j, c], pca.Components[j, c], 8);
            for (int i = 0; i < 2; i++) Assert.Equal(scores[i, j], pca.Scores[i, j], 8);
        }
    }

    private static Gen<(int Rows, int Cols, int Rank, int Seed)> Cases =>
        from rows in Gen.Choose(2, 30)
        from cols in Gen.Choose(1, 30)
        from rank in Gen.Choose(1, Math.Min(rows, cols))
        from seed in Gen.Choose(0, 1000)
        select (rows, cols, rank, seed);

    private static Matrix<double> Signed(int rows, int cols, int seed)
    {
        var random = new System.Random(seed);
        var x = new Matrix<double>(rows, cols);
        foreach (ref double v in x.AsSpan()) v = random.NextDouble() * 4 - 1;
        return x;
    }

    [Property(MaxTest = 60)]
    public Property Components_AreOrthonormal_AndScoresCarryTheExplainedVariance() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var x = Signed(c.Rows, c.Cols, c.Seed);
            var pca = PrincipalComponents.Fit(x, c.Rank, c.Seed, maxDegreeOfParallelism: 1);
            for (int a = 0; a < c.Rank; a++)
            {
                for (int b = 0; b < c.Rank; b++)
                {
                    double dot = 0;
                    for (int j = 0; j < c.Cols; j++) dot += pca.Components[a, j] * pca.Components[b, j];
                    // A component of a zero singular value may be zero instead of a unit vector (rank-deficient X).
                    if (a == b && pca.SingularValues[a] > 1e-9) Assert.Equal(1.0, dot, 8);
                    if (a != b) Assert.Equal(0.0, dot, 8);
                }
                double sumOfSquares = 0, mean = 0;
                for (int i = 0; i < c.Rows; i++) mean += pca.Scores[i, a] / c.Rows;
                for (int i = 0; i < c.Rows; i++) sumOfSquares += (pca.Scores[i, a] - mean) * (pca.Scores[i, a] - mean);
                // The scores are Xc·V; their variance is sⱼ²/(m − 1) exactly when the SVD is exact (k + 10 ≥ min(m, n)).
                if (c.Rank + 10 >= Math.Min(c.Rows, c.Cols)) Assert.Equal(sumOfSquares / (c.Rows - 1), pca.ExplainedVariance[a], 8);
                if (a > 0) Assert.True(pca.ExplainedVariance[a] <= pca.ExplainedVariance[a - 1] * (1 + 1e-9));
            }
            Assert.True(pca.ExplainedVarianceRatio.Sum() <= 1 + 1e-9);
        });

    [Property(MaxTest = 60)]
    public Property RelativeError_IsTheErrorOfTheExplicitReconstruction_AndTransformGivesTheScores() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var x = Signed(c.Rows, c.Cols, c.Seed);
            var pca = PrincipalComponents.Fit(x, c.Rank, c.Seed, maxDegreeOfParallelism: 1);
            var back = pca.InverseTransform(pca.Scores.AsReadOnlyMatrixSpan());
            double residual = 0, norm = 0;
            for (int i = 0; i < c.Rows; i++)
                for (int j = 0; j < c.Cols; j++)
                {
                    residual += (x[i, j] - back[i, j]) * (x[i, j] - back[i, j]);
                    norm += x[i, j] * x[i, j];
                }
            Assert.Equal(Math.Sqrt(residual / norm), pca.RelativeError, 6);
            var scores = pca.Transform(x.AsReadOnlyMatrixSpan());
            for (int i = 0; i < c.Rows; i++)
                for (int a = 0; a < c.Rank; a++) Assert.Equal(pca.Scores[i, a], scores[i, a], 8);
        });

    [Fact]
    public void FullRank_ReconstructsX_AndExplainsAllVariance()
    {
        var x = Signed(12, 5, 3);
        var pca = PrincipalComponents.Fit(x, 5);
        Assert.Equal(1.0, pca.ExplainedVarianceRatio.Sum(), 10);
        Assert.True(pca.RelativeError < 1e-6, $"relative error {pca.RelativeError}");
        var back = pca.InverseTransform(pca.Scores.AsReadOnlyMatrixSpan());
        for (int i = 0; i < 12; i++) for (int j = 0; j < 5; j++) Assert.Equal(x[i, j], back[i, j], 10);
    }

    [Fact]
    public void BadInput_ThrowsArgumentException_NamingShapeOrPosition()
    {
        Assert.Contains("1×4", Assert.Throws<ArgumentException>(() => PrincipalComponents.Fit(new Matrix<double>(1, 4), 1)).Message);
        Assert.Contains("rank ≤ 3", Assert.Throws<ArgumentOutOfRangeException>(() => PrincipalComponents.Fit(new Matrix<double>(5, 3), 4)).Message);
        var bad = new Matrix<float>(4, 3);
        bad[2, 1] = float.NaN;
        Assert.Contains("X[2, 1]", Assert.Throws<ArgumentException>(() => PrincipalComponents.Fit(bad, 2)).Message);
        var pca = PrincipalComponents.Fit(Signed(6, 4, 1), 2);
        Assert.Contains("4 columns", Assert.Throws<ArgumentException>(() => pca.Transform(new Matrix<double>(2, 3))).Message);
        Assert.Contains("2 columns", Assert.Throws<ArgumentException>(() => pca.InverseTransform(new Matrix<double>(2, 3))).Message);
    }
}
