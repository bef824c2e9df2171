// Householder QR, permuted LU and Jacobi SVD: orthogonality, reconstruction, structure, and edge sizes.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.Linear.Dense;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Linear.Dense;

public class DenseFactorizationTests
{
    private static Matrix<double> RandomMatrix(int rows, int cols, int seed)
    {
        var random = new System.Random(seed);
        var a = new Matrix<double>(rows, cols);
        foreach (ref double v in a.AsSpan()) v = random.NextDouble() * 2 - 1;
        return a;
    }

    private static double[,] Multiply(Matrix<double> a, Matrix<double> b, bool transposeA = false, bool transposeB = false)
    {
        int m = transposeA ? a.Cols : a.Rows, k = transposeA ? a.Rows : a.Cols, n = transposeB ? b.Rows : b.Cols;
        var c = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++) sum += (transposeA ? a[p, i] : a[i, p]) * (transposeB ? b[j, p] : b[p, j]);
                c[i, j] = sum;
            }
        return c;
    }

    private static void AssertOrthonormalColumns(Matrix<double> q, double tolerance)
    {
        var gram = Multiply(q, q, transposeA: true);
        for (int i = 0; i < q.Cols; i++)
            for (int j = 0; j < q.Cols; j++)
                Assert.Equal(i == j ? 1.0 : 0.0, gram[i, j], tolerance);
    }

    private static Gen<(int Rows, int Cols, int Seed)> TallShapes =>
        from cols in Gen.Choose(1, 20)
        from extra in Gen.Choose(0, 30)
        from seed in Gen.Choose(0, 10_000)
        select (cols + extra, cols, seed);

    [Property(MaxTest = 60)]
    public Property Qr_GivesOrthonormalQ_AndReconstructsA() =>
        Prop.ForAll(TallShapes.ToArbitrary(), shape =>
        {
            var a = RandomMatrix(shape.Rows, shape.Cols, shape.Seed);
            var q = a.Clone();
            var tau = new double[shape.Cols];
            HouseholderQr.Factor<double>(q, tau);
            var r = new Matrix<double>(shape.Cols, shape.Cols);
            HouseholderQr.ExtractR<double>(q, r);
            HouseholderQr.FormQ<double>(q, tau);
            AssertOrthonormalColumns(q, 1e-13);
            var qr = Multiply(q, r);
            for (int i = 0; i < shape.Rows; i++)
                for (int j = 0; j < shape.Cols; j++)
                    Assert.Equal(a[i, j], qr[i, j], 1e-13);
            for (int i = 0; i < shape.Cols; i++)
                for (int j = 0; j < i; j++)
                    Assert.Equal(0.0, r[i, j]);
        });

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 1)]
    [InlineData(6, 6)]
    public void Qr_HandlesZeroColumnsAndEdgeSizes(int rows, int cols)
    {
        var a = RandomMatrix(rows, cols, 11);
        for (int i = 0; i < rows; i++) a[i, 0] = 0; // a zero column: reflector is the identity
        var q = a.Clone();
        var tau = new double[cols];
        HouseholderQr.Factor<double>(q, tau);
        var r = new Matrix<double>(cols, cols);
        HouseholderQr.ExtractR<double>(q, r);
        HouseholderQr.FormQ<double>(q, tau);
        var qr = Multiply(q, r);
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) Assert.Equal(a[i, j], qr[i, j], 1e-13);
        var gram = Multiply(q, q, transposeA: true);
        for (int i = 0; i < cols; i++) Assert.Equal(1.0, gram[i, i], 1e-13);
    }

    [Fact]
    public void Qr_RejectsWideMatrices()
    {
        var error = Assert.Throws<ArgumentException>(() => HouseholderQr.Factor<double>(new Matrix<double>(2, 3), new double[3]));
        Assert.Contains("2×3", error.Message);
    }

    [Property(MaxTest = 60)]
    public Property PermutedLu_IsUnitLowerUpToRowOrder_BoundedByOne_AndSpansA() =>
        Prop.ForAll(TallShapes.ToArbitrary(), shape =>
        {
            var a = RandomMatrix(shape.Rows, shape.Cols, shape.Seed);
            var pl = a.Clone();
            PermutedLu.OverwriteWithPermutedL<double>(pl);
            // Partial pivoting keeps every multiplier within [-1, 1]; each column j owns one row whose
            // entry j is 1 and whose later entries are 0 (row j of L).
            var owner = new bool[shape.Rows];
            for (int j = 0; j < shape.Cols; j++)
            {
                int found = -1;
                for (int i = 0; i < shape.Rows; i++)
                {
                    Assert.True(Math.Abs(pl[i, j]) <= 1.0);
                    if (!owner[i] && pl[i, j] == 1.0 && Enumerable.Range(j + 1, shape.Cols - j - 1).All(c => pl[i, c] == 0.0)) { found = i; break; }
                }
                Assert.True(found >= 0, $"column {j} has no unit pivot row");
                owner[found] = true;
            }
            // span(P·L) = span(A): A's projection onto the orthonormal basis of P·L is A itself.
            var q = pl.Clone();
            var tau = new double[shape.Cols];
            HouseholderQr.Factor<double>(q, tau);
            HouseholderQr.FormQ<double>(q, tau);
            var coefficients = Multiply(q, a, transposeA: true);
            for (int i = 0; i < shape.Rows; i++)
                for (int j = 0; j < shape.Cols; j++)
                {
                    double projected = 0;
                    for (int p = 0; p < shape.Cols; p++) projected += q[i, p] * coefficients[p, j];
                    Assert.Equal(a[i, j], projected, 1e-9);
                }
        });

    [Fact]
    public void PermutedLu_MatchesHandComputedFactor()
    {
        // A = [[1, 2], [3, 4], [2, 1]]: pivot row 1 (3); multipliers 1/3, 2/3; then the column-2 pivot among
        // rows 0 and 2: 2 − 4/3 = 2/3 vs 1 − 8/3 = −5/3 → row 2; multiplier (2/3)/(−5/3) = −0.4.
        var a = Matrix<double>.FromArray(new double[,] { { 1, 2 }, { 3, 4 }, { 2, 1 } });
        PermutedLu.OverwriteWithPermutedL<double>(a);
        Assert.Equal(1.0 / 3, a[0, 0], 1e-15);
        Assert.Equal(-0.4, a[0, 1], 1e-15);
        Assert.Equal(new[] { 1.0, 0.0 }, a.Row(1).ToArray());
        Assert.Equal(2.0 / 3, a[2, 0], 1e-15);
        Assert.Equal(1.0, a[2, 1]);
    }

    [Property(MaxTest = 60)]
    public Property JacobiSvd_ReconstructsA_WithOrthonormalFactors_AndSortedValues() =>
        Prop.ForAll(TallShapes.ToArbitrary(), shape =>
        {
            var a = RandomMatrix(shape.Rows, shape.Cols, shape.Seed);
            var u = a.Clone();
            var s = new double[shape.Cols];
            var v = new Matrix<double>(shape.Cols, shape.Cols);
            JacobiSvd.Decompose<double>(u, s, v);
            for (int j = 1; j < shape.Cols; j++) Assert.True(s[j - 1] >= s[j]);
            AssertOrthonormalColumns(u, 1e-12);
            AssertOrthonormalColumns(v, 1e-12);
            for (int i = 0; i < shape.Rows; i++)
                for (int j = 0; j < shape.Cols; j++)
                {
                    double sum = 0;
                    for (int p = 0; p < shape.Cols; p++) sum += u[i, p] * s[p] * v[j, p];
                    Assert.Equal(a[i, j], sum, 1e-12);
                }
        });

    [Fact]
    public void JacobiSvd_FindsKnownSingularValues()
    {
        // A permuted, sign-mixed diagonal: singular values are the magnitudes, sorted.
        var a = Matrix<double>.FromArray(new double[,] { { 0, -3, 0 }, { 5, 0, 0 }, { 0, 0, 0.5 }, { 0, 0, 0 } });
        var s = new double[3];
        var v = new Matrix<double>(3, 3);
        JacobiSvd.Decompose<double>(a, s, v);
        Assert.Equal(new[] { 5.0, 3.0, 0.5 }, s);
    }

    [Fact]
    public void JacobiSvd_ZeroAndOneByOne()
    {
        var zero = new Matrix<double>(3, 2);
        var s = new double[2];
        JacobiSvd.Decompose<double>(zero, s, new Matrix<double>(2, 2));
        Assert.Equal(new[] { 0.0, 0.0 }, s);
        var one = Matrix<double>.FromArray(new double[,] { { -2.5 } });
        var s1 = new double[1];
        var v1 = new Matrix<double>(1, 1);
        JacobiSvd.Decompose<double>(one, s1, v1);
        Assert.Equal(2.5, s1[0]);
        Assert.Equal(-2.5, one[0, 0] * s1[0] * v1[0, 0]);
    }

    [Fact]
    public void JacobiSvd_Float_IsAccurateToSinglePrecision()
    {
        var a = RandomMatrix(12, 7, 5);
        var af = new Matrix<float>(12, 7);
        for (int i = 0; i < 12; i++) for (int j = 0; j < 7; j++) af[i, j] = (float)a[i, j];
        var s = new double[7];
        JacobiSvd.Decompose<double>(a, s, new Matrix<double>(7, 7));
        var sf = new float[7];
        JacobiSvd.Decompose<float>(af, sf, new Matrix<float>(7, 7));
        for (int j = 0; j < 7; j++) Assert.Equal(s[j], sf[j], 1e-5);
    }
}
