// .npy files made by NumPy: every dtype, byte order, memory order and version reads to the right values; bad ones are refused.
using Nmf.Fast.IO;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.IO;

public class NpyReaderTests
{
    public static TheoryData<string, bool> DenseFixtures()
    {
        var data = new TheoryData<string, bool>();
        foreach (var f in new[] { "f2_le", "f4_le", "f8_le", "f2_be", "f4_be", "f8_be", "f8_fortran", "f4_be_fortran", "f8_v2", "f8_v3" })
            data.Add($"dense_{f}.npy", true);
        foreach (var f in new[] { "i1_le", "i2_le", "i4_le", "i8_le", "i2_be", "i4_be", "i8_be", "u1_le", "u2_le", "u4_le", "u8_le", "u2_be", "u4_be", "u8_be", "i2_fortran" })
            data.Add($"dense_{f}.npy", false);
        return data;
    }

    [Theory]
    [MemberData(nameof(DenseFixtures))]
    public void NumPyFixture_ReadsToTheBaseMatrix_InFloatAndDouble(string name, bool isFloat)
    {
        var d = MatrixFile.ReadDense<double>(IoFixtures.Path(name));
        var f = MatrixFile.ReadDense<float>(IoFixtures.Path(name));
        Assert.Equal((3, 4), (d.Rows, d.Cols));
        Assert.Equal((3, 4), (f.Rows, f.Cols));
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(IoFixtures.Base(i, j, isFloat), d[i, j]);
                Assert.Equal((float)IoFixtures.Base(i, j, isFloat), f[i, j]);
            }
        }
    }

    [Fact]
    public void BoolFixture_ReadsAsZeroOne()
    {
        var m = MatrixFile.ReadDense<double>(IoFixtures.Path("dense_bool.npy"));
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
                Assert.Equal((10 * i + j) % 2 == 0 ? 1.0 : 0.0, m[i, j]);
    }

    [Fact]
    public void OneDimensionalArray_ReadsAsSingleRow()
    {
        var m = MatrixFile.ReadDense<double>(IoFixtures.Path("vector_f8.npy"));
        Assert.Equal((1, 5), (m.Rows, m.Cols));
        Assert.Equal(new[] { 0.5, 1.5, 2.5, 3.5, 4.5 }, m.AsSpan().ToArray());
    }

    [Fact]
    public void EmptyArray_ReadsWithItsShape()
    {
        var m = MatrixFile.ReadDense<float>(IoFixtures.Path("empty_0x3.npy"));
        Assert.Equal((0, 3), (m.Rows, m.Cols));
    }

    [Theory]
    [InlineData("bad_complex.npy", "complex")]
    [InlineData("bad_object.npy", "object")]
    [InlineData("bad_strings.npy", "'<U2'")]
    [InlineData("bad_3d.npy", "(2, 2, 2)")]
    [InlineData("bad_scalar.npy", "0-dimensional")]
    [InlineData("bad_datetime.npy", "datetime")]
    [InlineData("bad_structured.npy", "structured")]
    public void UnsupportedNumPyArrays_AreRefusedNamingFileAndProblem(string name, string problem)
    {
        string path = IoFixtures.Path(name);
        var e = Assert.Throws<InvalidDataException>(() => MatrixFile.ReadDense<double>(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
    }
}
