// Matrix<T> and its views: alignment, slicing, and clear errors for bad shapes.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Memory;

public class MatrixTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(17, 33)]
    public unsafe void Matrix_StorageIsAlignedTo64Bytes(int rows, int cols)
    {
        var m = new Matrix<float>(rows, cols);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(m.AsSpan()));
        Assert.Equal(0, address % 64);
        var d = new Matrix<double>(rows, cols);
        address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(d.AsSpan()));
        Assert.Equal(0, address % 64);
    }

    [Fact]
    public void Slice_SeesParentElementsWithParentStride()
    {
        var m = new Matrix<double>(4, 6);
        for (int i = 0; i < 4; i++) for (int j = 0; j < 6; j++) m[i, j] = 10 * i + j;
        var v = m.AsMatrixSpan().Slice(1, 2, 2, 3);
        Assert.Equal(6, v.Stride);
        Assert.Equal(12.0, v[0, 0]);
        Assert.Equal(24.0, v[1, 2]);
        v[1, 1] = -1;
        Assert.Equal(-1.0, m[2, 3]);
        Assert.False(v.IsContiguous);
    }

    [Fact]
    public void BadShapes_ThrowArgumentExceptionsNamingTheShape()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Matrix<float>(-1, 3));
        var e = Assert.Throws<ArgumentException>(() => new MatrixSpan<float>(new float[5], 2, 3));
        Assert.Contains("2×3", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MatrixSpan<float>(new float[12], 2, 3, 2));
        var m = new Matrix<float>(3, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.AsMatrixSpan().Slice(2, 0, 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => m[3, 0]);
        Assert.Throws<ArgumentException>(() => new Matrix<float>(2, 2, new float[3]));
    }
}
