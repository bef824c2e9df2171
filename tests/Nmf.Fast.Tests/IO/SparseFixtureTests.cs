// SciPy-made .npz and .mtx files read to the same matrix NumPy densified next to them; unsupported variants are refused.
using Nmf.Fast.IO;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.IO;

public class SparseFixtureTests
{
    [Theory]
    [InlineData("sparse_csr.npz", "sparse.dense.npy")]
    [InlineData("sparse_csr_stored.npz", "sparse.dense.npy")]
    [InlineData("sparse_csc.npz", "sparse.dense.npy")]
    [InlineData("sparse_coo.npz", "sparse.dense.npy")]
    [InlineData("sparse_csr_f4.npz", "sparse.dense.npy")]
    [InlineData("sparse_csr_i8idx.npz", "sparse.dense.npy")]
    [InlineData("mm_coord_real.mtx", "mm_coord_real.dense.npy")]
    [InlineData("mm_coord_int.mtx", "mm_coord_int.dense.npy")]
    [InlineData("mm_coord_pattern.mtx", "mm_coord_pattern.dense.npy")]
    [InlineData("mm_coord_symmetric.mtx", "mm_coord_symmetric.dense.npy")]
    [InlineData("mm_array_real.mtx", "mm_array_real.dense.npy")]
    [InlineData("mm_array_symmetric.mtx", "mm_array_symmetric.dense.npy")]
    public void SciPyFixture_ReadsSparseAndDense_ToTheNumPyReference(string name, string reference)
    {
        var expected = MatrixFile.ReadDense<double>(IoFixtures.Path(reference));
        Assert.True(MatrixFile.IsSparseFormat(name));
        var sparse = MatrixFile.ReadSparse<double>(IoFixtures.Path(name));
        AssertCanonical(sparse);
        IoFixtures.AssertSameMatrix(expected, sparse.ToDense());
        IoFixtures.AssertSameMatrix(expected, MatrixFile.ReadDense<double>(IoFixtures.Path(name)));
        var single = MatrixFile.ReadSparse<float>(IoFixtures.Path(name));
        Assert.Equal(sparse.NonZeroCount, single.NonZeroCount);
    }

    [Fact]
    public void IntegerDataNpz_ConvertsToFloatingPoint()
    {
        var m = MatrixFile.ReadSparse<double>(IoFixtures.Path("sparse_csr_int.npz"));
        var reference = MatrixFile.ReadDense<double>(IoFixtures.Path("sparse.dense.npy"));
        for (int i = 0; i < m.Rows; i++)
            for (int j = 0; j < m.Cols; j++)
                Assert.Equal(Math.Truncate(reference[i, j]), m.ToDense()[i, j]);
    }

    [Fact]
    public void PlainSavezWithOneArray_ReadsDense()
    {
        var m = MatrixFile.ReadDense<double>(IoFixtures.Path("dense_savez.npz"));
        Assert.Equal((3, 4), (m.Rows, m.Cols));
        Assert.Equal(23.5, m[2, 3]);
        Assert.Equal(12, MatrixFile.ReadSparse<double>(IoFixtures.Path("dense_savez.npz")).NonZeroCount);
    }

    [Theory]
    [InlineData("bad_bsr.npz", "'bsr' is not supported")]
    [InlineData("bad_two_arrays.npz", "2 .npy members")]
    [InlineData("bad_complex.mtx", "line 1: complex matrices are not supported")]
    public void UnsupportedSciPyFiles_AreRefusedNamingFileAndProblem(string name, string problem)
    {
        string path = IoFixtures.Path(name);
        var e = Assert.Throws<InvalidDataException>(() => MatrixFile.ReadSparse<double>(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void CsvAndNpyFixtures_AreNotSparseFormats()
    {
        Assert.False(MatrixFile.IsSparseFormat("a.npy"));
        Assert.False(MatrixFile.IsSparseFormat("a.CSV"));
        Assert.True(MatrixFile.IsSparseFormat("A.MTX"));
    }

    internal static void AssertCanonical<T>(CsrMatrix<T> m) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Assert.Equal(m.Rows + 1, m.RowPointers.Length);
        Assert.Equal(0, m.RowPointers[0]);
        Assert.Equal(m.NonZeroCount, m.RowPointers[m.Rows]);
        for (int i = 0; i < m.Rows; i++)
        {
            var c = m.RowColumnIndices(i);
            for (int k = 1; k < c.Length; k++) Assert.True(c[k] > c[k - 1]);
        }
    }
}
