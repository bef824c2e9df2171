// Reads individual .npy members of a .npz (zip) archive: index arrays, data arrays, the shape and the format string.
using System.Buffers;
using System.IO.Compression;
using System.Numerics;
using System.Text;

namespace Nmf.Fast.IO;

internal static class NpzMembers
{
    /// <summary>
    /// Deflate cannot expand data by more than about 1032:1, so a member whose declared size exceeds that
    /// ratio is lying; refusing it keeps a 1 KB file from asking for gigabytes.
    /// </summary>
    private const long MaxDeflateRatio = 1100;

    public static string Where(string path, ZipArchiveEntry entry) => $"{path} (member '{entry.FullName}')";

    public static ZipArchiveEntry Require(ZipArchive archive, string path, string name)
    {
        return archive.GetEntry(name + ".npy")
            ?? throw new InvalidDataException($"{path}: the archive has no '{name}.npy' member.");
    }

    /// <summary>Opens a member and reads its .npy header, checking the declared sizes first.</summary>
    public static Stream Open(ZipArchiveEntry entry, string path, out NpyHeader header)
    {
        string where = Where(path, entry);
        if (entry.Length > entry.CompressedLength * MaxDeflateRatio + 4096)
            throw new InvalidDataException(
                $"{where}: declares {entry.Length} bytes from {entry.CompressedLength} compressed bytes, an impossible ratio.");
        var stream = entry.Open();
        try
        {
            header = NpyHeader.Read(stream, entry.Length, where);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>A 1-D integer array whose values must lie in [0, int.MaxValue].</summary>
    public static int[] ReadIndices(ZipArchive archive, string path, string name)
    {
        var entry = Require(archive, path, name);
        string where = Where(path, entry);
        using var stream = Open(entry, path, out var header);
        if (header.Shape.Length != 1)
            throw new InvalidDataException($"{where}: expected a 1-D array but the shape is {header.ShapeText}.");
        if (header.DType.Kind is not (NpyKind.SignedInteger or NpyKind.UnsignedInteger))
            throw new InvalidDataException($"{where}: expected an integer dtype but found '{header.DType.Descr}'.");
        if (header.Shape[0] > Array.MaxLength)
            throw new InvalidDataException($"{where}: {header.Shape[0]} entries are more than an array can hold.");
        DenseSizeGuard.CheckBytes(where, 4 * header.Shape[0], $"an index array of {header.Shape[0]} entries");
        var result = new int[header.Shape[0]];
        var chunk = ArrayPool<long>.Shared.Rent(8192);
        try
        {
            for (int done = 0; done < result.Length;)
            {
                int n = Math.Min(8192, result.Length - done);
                NpyStreams.ReadElements(stream, header.DType, chunk.AsSpan(0, n), where);
                for (int t = 0; t < n; t++)
                {
                    long v = chunk[t];
                    if (v < 0 || v > int.MaxValue) // uint64 values above long.MaxValue wrap to negative here
                        throw new InvalidDataException($"{where}: entry {done + t} is {v}, outside [0, {int.MaxValue}].");
                    result[done + t] = (int)v;
                }
                done += n;
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(chunk);
        }
        NpyStreams.EnsureAtEnd(stream, where);
        return result;
    }

    /// <summary>A 1-D numeric array converted to <typeparamref name="T"/>.</summary>
    public static T[] ReadValues<T>(ZipArchive archive, string path, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var entry = Require(archive, path, name);
        string where = Where(path, entry);
        using var stream = Open(entry, path, out var header);
        if (header.Shape.Length != 1)
            throw new InvalidDataException($"{where}: expected a 1-D array but the shape is {header.ShapeText}.");
        if (!header.DType.IsNumeric)
            throw new InvalidDataException($"{where}: dtype '{header.DType.Descr}' holds strings, not numbers.");
        if (header.Shape[0] > Array.MaxLength)
            throw new InvalidDataException($"{where}: {header.Shape[0]} entries are more than an array can hold.");
        DenseSizeGuard.CheckBytes(where, header.Shape[0] * System.Runtime.CompilerServices.Unsafe.SizeOf<T>(), $"a data array of {header.Shape[0]} entries");
        var result = new T[header.Shape[0]];
        NpyStreams.ReadElements(stream, header.DType, result.AsSpan(), where);
        NpyStreams.EnsureAtEnd(stream, where);
        return result;
    }

    /// <summary>The 'shape' member: two non-negative integers that fit an int.</summary>
    public static (int Rows, int Cols) ReadShape(ZipArchive archive, string path)
    {
        var entry = Require(archive, path, "shape");
        string where = Where(path, entry);
        using var stream = Open(entry, path, out var header);
        if (header.Shape is not [2] || header.DType.Kind is not (NpyKind.SignedInteger or NpyKind.UnsignedInteger))
            throw new InvalidDataException($"{where}: expected two integers but found shape {header.ShapeText} of '{header.DType.Descr}'.");
        Span<long> shape = stackalloc long[2];
        NpyStreams.ReadElements(stream, header.DType, shape, where);
        NpyStreams.EnsureAtEnd(stream, where);
        if (shape[0] < 0 || shape[1] < 0 || shape[0] >= int.MaxValue || shape[1] >= int.MaxValue)
            throw new InvalidDataException($"{where}: the matrix shape ({shape[0]}, {shape[1]}) is not supported.");
        return ((int)shape[0], (int)shape[1]);
    }

    /// <summary>The 'format' member: a 0-d bytes ('S') or unicode ('U') string such as "csr".</summary>
    public static string ReadFormat(ZipArchive archive, string path)
    {
        var entry = Require(archive, path, "format");
        string where = Where(path, entry);
        using var stream = Open(entry, path, out var header);
        if (header.Shape.Length != 0 || header.DType.Kind is not (NpyKind.Bytes or NpyKind.Unicode) || header.DType.ItemSize > 64)
            throw new InvalidDataException($"{where}: expected a short string but found shape {header.ShapeText} of '{header.DType.Descr}'.");
        var bytes = new byte[header.DType.ItemSize];
        NpyStreams.ReadExactly(stream, bytes, where, "the format string");
        NpyStreams.EnsureAtEnd(stream, where);
        string text = header.DType.Kind == NpyKind.Bytes
            ? Encoding.Latin1.GetString(bytes)
            : (header.DType.BigEndian ? new UTF32Encoding(true, false) : new UTF32Encoding(false, false)).GetString(bytes);
        return text.TrimEnd('\0');
    }
}
