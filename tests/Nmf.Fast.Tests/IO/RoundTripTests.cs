// Write → read round trips for every writable format and element type reproduce the matrix exactly.
using Nmf.Fast.IO;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.IO;

public class RoundTripTests
{
    private static Matrix<T> Random<T>(int rows, int cols, int seed, double density = 1.0) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new System.Random(seed);
        var m = new Matrix<T>(rows, cols);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                if (rng.NextDouble() < density) m[i, j] = T.CreateTruncating(rng.NextDouble() * 1000 - 1);
        return m;
    }

    public static TheoryData<int, int> Shapes() => new() { { 0, 0 }, { 0, 3 }, { 1, 1 }, { 1, 7 }, { 5, 1 }, { 17, 33 }, { 64, 9 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Npy_RoundTripsFloatDoubleAndHalf(int rows, int cols)
    {
        using var tmp = new TempFolder();
        var d = Random<double>(rows, cols, 1);
        MatrixFile.WriteNpy(tmp.File("d.npy"), d.AsReadOnlyMatrixSpan());
        IoFixtures.AssertSameMatrix(d, MatrixFile.ReadDense<double>(tmp.File("d.npy")));
        var f = Random<float>(rows, cols, 2);
        MatrixFile.WriteNpy(tmp.File("f.npy"), f.AsReadOnlyMatrixSpan());
        IoFixtures.AssertSameMatrix(f, MatrixFile.ReadDense<float>(tmp.File("f.npy")));
        var h = Random<Half>(rows, cols, 3);
        NpyFile.Write(tmp.File("h.npy"), h.AsReadOnlyMatrixSpan());
        IoFixtures.AssertSameMatrix(h, NpyFile.Read<Half>(tmp.File("h.npy")));
    }

    [Fact]
    public void Npy_WritesStridedViewsRowByRow_WithAligned64ByteHeader()
    {
        using var tmp = new TempFolder();
        var parent = Random<double>(6, 8, 4);
        var view = parent.AsReadOnlyMatrixSpan().Slice(1, 2, 3, 5);
        MatrixFile.WriteNpy(tmp.File("v.npy"), view);
        var back = MatrixFile.ReadDense<double>(tmp.File("v.npy"));
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 5; j++)
                Assert.Equal(parent[i + 1, j + 2], back[i, j]);
        Assert.Equal(128 + 15 * 8, new FileInfo(tmp.File("v.npy")).Length);
        byte[] bytes = File.ReadAllBytes(tmp.File("v.npy"));
        string header = System.Text.Encoding.ASCII.GetString(bytes, 10, 118);
        Assert.StartsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 5), }", header);
        Assert.EndsWith("\n", header);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Csv_RoundTripsExactly(int rows, int cols)
    {
        if (rows == 0 || cols == 0) return; // a CSV file cannot express an empty matrix
        using var tmp = new TempFolder();
        var d = Random<double>(rows, cols, 5);
        MatrixFile.WriteDense(tmp.File("d.csv"), d.AsReadOnlyMatrixSpan());
        IoFixtures.AssertSameMatrix(d, MatrixFile.ReadDense<double>(tmp.File("d.csv")));
        var f = Random<float>(rows, cols, 6);
        CsvFile.Write(tmp.File("f.csv"), f.AsReadOnlyMatrixSpan());
        IoFixtures.AssertSameMatrix(f, CsvFile.Read<float>(tmp.File("f.csv")));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatrixMarket_RoundTripsSparseAndDense(int rows, int cols)
    {
        using var tmp = new TempFolder();
        var d = Random<double>(rows, cols, 7, density: 0.3);
        var csr = CsrMatrix<double>.FromDense(d.AsReadOnlyMatrixSpan());
        MatrixFile.WriteSparse(tmp.File("s.mtx"), csr);
        var back = MatrixFile.ReadSparse<double>(tmp.File("s.mtx"));
        Assert.Equal(csr.RowPointers.ToArray(), back.RowPointers.ToArray());
        Assert.Equal(csr.ColumnIndices.ToArray(), back.ColumnIndices.ToArray());
        Assert.Equal(csr.Values.ToArray(), back.Values.ToArray());
        MatrixFile.WriteDense(tmp.File("a.mtx"), d.AsReadOnlyMatrixSpan());
        IoFixtures.AssertSameMatrix(d, MatrixFile.ReadDense<double>(tmp.File("a.mtx")));
        var f = Random<float>(rows, cols, 8, density: 0.5);
        MatrixMarketFile.Write(tmp.File("f.mtx"), CsrMatrix<float>.FromDense(f.AsReadOnlyMatrixSpan()));
        IoFixtures.AssertSameMatrix(f, MatrixMarketFile.ReadDense<float>(tmp.File("f.mtx")));
    }

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(3, 0, false)]
    [InlineData(1, 1, true)]
    [InlineData(40, 25, true)]
    [InlineData(40, 25, false)]
    public void Npz_RoundTripsCompressedAndStored(int rows, int cols, bool compressed)
    {
        using var tmp = new TempFolder();
        var d = Random<double>(rows, cols, 9, density: 0.2);
        var csr = CsrMatrix<double>.FromDense(d.AsReadOnlyMatrixSpan());
        NpzFile.WriteSparse(tmp.File("d.npz"), csr, compressed: compressed);
        var back = MatrixFile.ReadSparse<double>(tmp.File("d.npz"));
        Assert.Equal(csr.RowPointers.ToArray(), back.RowPointers.ToArray());
        Assert.Equal(csr.ColumnIndices.ToArray(), back.ColumnIndices.ToArray());
        Assert.Equal(csr.Values.ToArray(), back.Values.ToArray());
        IoFixtures.AssertSameMatrix(d, MatrixFile.ReadDense<double>(tmp.File("d.npz")));
        var f = CsrMatrix<float>.FromDense(Random<float>(rows, cols, 10, density: 0.2).AsReadOnlyMatrixSpan());
        MatrixFile.WriteSparse(tmp.File("f.npz"), f);
        Assert.Equal(f.Values.ToArray(), NpzFile.ReadSparse<float>(tmp.File("f.npz")).Values.ToArray());
    }

    [Fact]
    public void WritingAnUnknownExtension_IsAnArgumentError()
    {
        using var tmp = new TempFolder();
        var m = new Matrix<double>(1, 1);
        Assert.Throws<ArgumentException>(() => MatrixFile.WriteDense(tmp.File("x.bin"), m.AsReadOnlyMatrixSpan()));
        Assert.Throws<ArgumentException>(() => MatrixFile.WriteSparse(tmp.File("x.npy"), CsrMatrix<double>.FromDense(m.AsReadOnlyMatrixSpan())));
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Root));
    }
}
