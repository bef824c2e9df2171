// MatrixValidation reports the first NaN, ±Inf or negative value with its position, for dense and CSR matrices.
using Nmf.Fast.IO;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.IO;

public class MatrixValidationTests
{
    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(-0.25, "-0.25 (negative)")]
    public void FirstBadValue_IsReportedWithRowColumnAndValue(double bad, string shown)
    {
        var m = new Matrix<double>(3, 4);
        m[1, 2] = bad;
        m[2, 0] = -1;
        var e = Assert.Throws<InvalidDataException>(() => MatrixValidation.EnsureFiniteNonNegative("x.npy", m.AsReadOnlyMatrixSpan()));
        Assert.Contains("x.npy: the value at row 1, column 2 (0-based) is", e.Message);
        Assert.Contains(shown, e.Message);
        var csr = CsrMatrix<double>.FromDense(m.AsReadOnlyMatrixSpan());
        e = Assert.Throws<InvalidDataException>(() => MatrixValidation.EnsureFiniteNonNegative("x.npz", csr));
        Assert.Contains("row 1, column 2", e.Message);
    }

    [Fact]
    public void FiniteNonNegativeMatrices_Pass_IncludingNegativeZero()
    {
        var m = Matrix<float>.FromArray(new[,] { { 0f, -0f }, { 3f, float.MaxValue } });
        MatrixValidation.EnsureFiniteNonNegative("ok.npy", m.AsReadOnlyMatrixSpan());
        MatrixValidation.EnsureFiniteNonNegative("ok.npz", CsrMatrix<float>.FromDense(m.AsReadOnlyMatrixSpan()));
    }

    [Fact]
    public void ReadersDoNotValidateContent()
    {
        using var tmp = new TempFolder();
        var m = MatrixFile.ReadDense<double>(tmp.WriteText("neg.csv", "-1,nan\n"));
        Assert.Equal(-1.0, m[0, 0]);
    }
}
