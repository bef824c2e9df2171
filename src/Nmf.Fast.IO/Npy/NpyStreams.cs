// Reads .npy element data of any supported dtype and byte order, converting to the requested numeric type.
using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using Nmf.Fast.Memory;

namespace Nmf.Fast.IO;

internal static class NpyStreams
{
    private const int ChunkBytes = 1 << 16;

    /// <summary>Fills <paramref name="buffer"/> from the stream; a short read is a truncated file.</summary>
    public static void ReadExactly(Stream stream, Span<byte> buffer, string where, string what)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) throw new InvalidDataException($"{where}: the file ends inside {what} (truncated).");
            total += n;
        }
    }

    /// <summary>Throws if the stream still has data: the header declared less than the file holds.</summary>
    public static void EnsureAtEnd(Stream stream, string where)
    {
        Span<byte> one = stackalloc byte[1];
        if (stream.Read(one) != 0)
            throw new InvalidDataException($"{where}: more data follows than the header's shape declares.");
    }

    /// <summary>Reads the data of a 1-D or 2-D numeric array into a new matrix (1-D of length n becomes 1×n).</summary>
    public static Matrix<T> ReadMatrix<T>(Stream stream, NpyHeader header, string where)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!header.DType.IsNumeric)
            throw new InvalidDataException($"{where}: dtype '{header.DType.Descr}' holds strings, not numbers.");
        (long rows, long cols) = header.Shape.Length switch
        {
            1 => (1L, header.Shape[0]),
            2 => (header.Shape[0], header.Shape[1]),
            0 => throw new InvalidDataException($"{where}: the array is a 0-dimensional scalar, not a matrix."),
            _ => throw new InvalidDataException($"{where}: the array has shape {header.ShapeText}; only 1-D and 2-D arrays are matrices."),
        };
        DenseSizeGuard.Check(where, rows, cols, System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        var matrix = new Matrix<T>((int)rows, (int)cols);
        if (!header.FortranOrder || rows <= 1 || cols <= 1)
        {
            ReadElements(stream, header.DType, matrix.AsSpan(), where);
            return matrix;
        }
        // Fortran order: the file holds column 0, then column 1, ...; scatter each chunk into row-major storage.
        var chunk = ArrayPool<T>.Shared.Rent(ChunkBytes / header.DType.ItemSize);
        try
        {
            var destination = matrix.AsSpan();
            int r = 0, c = 0, nRows = (int)rows, nCols = (int)cols;
            long remaining = rows * cols;
            while (remaining > 0)
            {
                int n = (int)Math.Min(chunk.Length, remaining);
                ReadElements(stream, header.DType, chunk.AsSpan(0, n), where);
                for (int t = 0; t < n; t++)
                {
                    destination[r * nCols + c] = chunk[t];
                    if (++r == nRows)
                    {
                        r = 0;
                        c++;
                    }
                }
                remaining -= n;
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(chunk);
        }
        return matrix;
    }

    /// <summary>Reads <c>destination.Length</c> elements in file order, converting each to <typeparamref name="TOut"/>.</summary>
    public static void ReadElements<TOut>(Stream stream, NpyDType dtype, Span<TOut> destination, string where)
        where TOut : unmanaged, INumberBase<TOut>
    {
        if (IsNativeCopy<TOut>(dtype))
        {
            ReadExactly(stream, MemoryMarshal.AsBytes(destination), where, "the array data");
            return;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int perChunk = ChunkBytes / dtype.ItemSize;
            for (int done = 0; done < destination.Length;)
            {
                int n = Math.Min(perChunk, destination.Length - done);
                var bytes = buffer.AsSpan(0, n * dtype.ItemSize);
                ReadExactly(stream, bytes, where, "the array data");
                Convert(bytes, dtype, destination.Slice(done, n));
                done += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsNativeCopy<TOut>(NpyDType dtype) =>
        dtype.BigEndian == !BitConverter.IsLittleEndian && (
            (typeof(TOut) == typeof(float) && dtype is { Kind: NpyKind.Float, ItemSize: 4 }) ||
            (typeof(TOut) == typeof(double) && dtype is { Kind: NpyKind.Float, ItemSize: 8 }) ||
            (typeof(TOut) == typeof(long) && dtype is { Kind: NpyKind.SignedInteger, ItemSize: 8 }) ||
            (typeof(TOut) == typeof(int) && dtype is { Kind: NpyKind.SignedInteger, ItemSize: 4 }));

    private static void Convert<TOut>(ReadOnlySpan<byte> src, NpyDType dtype, Span<TOut> dst)
        where TOut : INumberBase<TOut>
    {
        bool be = dtype.BigEndian;
        switch (dtype.Kind, dtype.ItemSize)
        {
            case (NpyKind.Float, 2):
                for (int i = 0; i < dst.Length; i++)
                {
                    var s = src.Slice(2 * i, 2);
                    dst[i] = TOut.CreateTruncating((double)(be ? BinaryPrimitives.ReadHalfBigEndian(s) : BinaryPrimitives.ReadHalfLittleEndian(s)));
                }
                break;
            case (NpyKind.Float, 4):
                for (int i = 0; i < dst.Length; i++)
                {
                    var s = src.Slice(4 * i, 4);
                    dst[i] = TOut.CreateTruncating(be ? BinaryPrimitives.ReadSingleBigEndian(s) : BinaryPrimitives.ReadSingleLittleEndian(s));
                }
                break;
            case (NpyKind.Float, 8):
                for (int i = 0; i < dst.Length; i++)
                {
                    var s = src.Slice(8 * i, 8);
                    dst[i] = TOut.CreateTruncating(be ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s));
                }
                break;
            case (NpyKind.SignedInteger, 1):
                for (int i = 0; i < dst.Length; i++) dst[i] = TOut.CreateTruncating((sbyte)src[i]);
                break;
            case (NpyKind.SignedInteger, 2):
                for (int i = 0; i < dst.Length; i++)
                {
                    var s = src.Slice(2 * i, 2);
                    dst[i] = TOut.CreateTruncating(be ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s));
                }
                break;
            case (NpyKind.SignedInteger, 4):
                for (int i = 0; i < dst.Length; i++)
                {
                    var s = src.Slice(4 * i, 4);
                    dst[i] = TOut.CreateTruncating(be ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s));
                }
                break;
            case (NpyKind.SignedInteger, 8):
                for (int i = 0; i < dst.Length; i++)
                {
                    var s = src.Slice(8 * i, 8);
                    dst[i] = TOut.CreateTruncating(be ? BinaryPrimitives.ReadInt64BigEndian(s) : BinaryPrimitives.ReadInt64LittleEndian(s));
                }
                break;
            case (NpyKind.UnsignedInteger, 1):
                for (int i = 0; i < dst.Length; i++) dst[i] = TOut.CreateTruncating(src[i]);
                break;
            case (NpyKind.UnsignedInteger, 2):
                for (int i = 0; i < dst.Length; i++)
                {
                    var s = src.Slice(2 * i, 2);
                    dst[i] = TOut.CreateTruncating(be ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s));
                }
                break;
            case (NpyKind.UnsignedInteger, 4):
                for (int i = 0; i < dst.Length; i++)
                {
                    var s = src.Slice(4 * i, 4);
                    dst[i] = TOut.CreateTruncating(be ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s));
                }
                break;
            case (NpyKind.UnsignedInteger, 8):
                for (int i = 0; i < dst.Length; i++)
                {
                    var s = src.Slice(8 * i, 8);
                    dst[i] = TOut.CreateTruncating(be ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s));
                }
                break;
            case (NpyKind.Bool, 1):
                for (int i = 0; i < dst.Length; i++) dst[i] = src[i] != 0 ? TOut.One : TOut.Zero;
                break;
            default:
                throw new InvalidOperationException($"No converter for dtype '{dtype.Descr}'.");
        }
    }

    /// <summary>Writes a matrix as little-endian C-order data (row by row, honouring the view's stride).</summary>
    public static void WriteMatrixData<T>(Stream stream, ReadOnlyMatrixSpan<T> matrix) where T : unmanaged
    {
        for (int i = 0; i < matrix.Rows; i++) WriteLittleEndian(stream, matrix.Row(i));
    }

    /// <summary>Writes a span of float, double, int or long values in little-endian byte order.</summary>
    public static void WriteLittleEndian<T>(Stream stream, ReadOnlySpan<T> values) where T : unmanaged
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            for (int done = 0; done < values.Length;)
            {
                int n = Math.Min(ChunkBytes / size, values.Length - done);
                var bytes = buffer.AsSpan(0, n * size);
                MemoryMarshal.AsBytes(values.Slice(done, n)).CopyTo(bytes);
                if (size == 8) BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ulong>(bytes), MemoryMarshal.Cast<byte, ulong>(bytes));
                else if (size == 4) BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(bytes), MemoryMarshal.Cast<byte, uint>(bytes));
                else if (size == 2) BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(bytes), MemoryMarshal.Cast<byte, ushort>(bytes));
                stream.Write(bytes);
                done += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The little-endian descr of Half/float/double/int/long.</summary>
    public static string DescrOf<T>() where T : unmanaged =>
        typeof(T) == typeof(Half) ? "<f2"
        : typeof(T) == typeof(float) ? "<f4"
        : typeof(T) == typeof(double) ? "<f8"
        : typeof(T) == typeof(int) ? "<i4"
        : typeof(T) == typeof(long) ? "<i8"
        : throw new NotSupportedException($"Cannot write elements of type {typeof(T).Name} to .npy.");
}
