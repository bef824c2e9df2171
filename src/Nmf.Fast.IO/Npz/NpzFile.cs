// Public reader and writer for SciPy sparse .npz files (save_npz / load_npz), and dense single-array .npz reading.
using System.IO.Compression;
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.IO;

/// <summary>
/// SciPy's <c>scipy.sparse.save_npz</c> format: a zip archive of .npy members <c>data</c>, <c>indices</c>,
/// <c>indptr</c>, <c>shape</c> and <c>format</c> ("csr" or "csc"; "coo" files with <c>row</c>/<c>col</c> are read
/// too). Members may be stored or deflated. A plain <c>np.savez</c> archive holding exactly one 1-D/2-D array
/// can be read as a dense matrix.
/// </summary>
public static class NpzFile
{
    private static readonly DateTimeOffset FixedTimestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Reads a sparse matrix saved by <c>scipy.sparse.save_npz</c> (or a single dense array, compressed to CSR).</summary>
    /// <exception cref="InvalidDataException">The archive or a member is malformed, inconsistent or unsupported.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static CsrMatrix<T> ReadSparse<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = SafeFile.OpenRead(path);
        return Guard(path, () =>
        {
            using var archive = OpenArchive(stream, path);
            if (archive.GetEntry("format.npy") is null)
            {
                var dense = ReadSingleDense<T>(archive, path);
                return CsrMatrix<T>.FromDense(dense);
            }
            return ReadSparse<T>(archive, path);
        });
    }

    /// <summary>Reads a .npz file as a dense matrix: a SciPy sparse archive is densified (if it fits in memory), a single-array archive is read as is.</summary>
    /// <exception cref="InvalidDataException">The archive is malformed, unsupported, or too large to densify.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static Matrix<T> ReadDense<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = SafeFile.OpenRead(path);
        return Guard(path, () =>
        {
            using var archive = OpenArchive(stream, path);
            if (archive.GetEntry("format.npy") is null) return ReadSingleDense<T>(archive, path);
            var (rows, cols) = NpzMembers.ReadShape(archive, path);
            DenseSizeGuard.Check(path, rows, cols, System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
            return ReadSparse<T>(archive, path).ToDense();
        });
    }

    /// <summary>
    /// Writes <paramref name="matrix"/> in SciPy's CSR .npz format (int32 indices, float32/float64 data), readable
    /// by <c>scipy.sparse.load_npz</c>, atomically (temporary sibling renamed into place).
    /// </summary>
    /// <param name="path">Target file.</param>
    /// <param name="matrix">The matrix to write.</param>
    /// <param name="overwrite">Replace an existing file.</param>
    /// <param name="compressed">Deflate the members (as <c>save_npz</c> does by default); false stores them.</param>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or writing failed.</exception>
    public static void WriteSparse<T>(string path, CsrMatrix<T> matrix, bool overwrite = false, bool compressed = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var level = compressed ? CompressionLevel.Optimal : CompressionLevel.NoCompression;
        using var file = AtomicFile.Create(path, overwrite);
        using (var archive = new ZipArchive(file.Stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var s = CreateMember(archive, "indices.npy", level)) NpyFile.Write1D(s, matrix.ColumnIndices);
            using (var s = CreateMember(archive, "indptr.npy", level)) NpyFile.Write1D(s, matrix.RowPointers);
            using (var s = CreateMember(archive, "format.npy", level))
            {
                s.Write(NpyHeader.Format("|S3", []));
                s.Write("csr"u8);
            }
            using (var s = CreateMember(archive, "shape.npy", level)) NpyFile.Write1D<long>(s, [matrix.Rows, matrix.Cols]);
            using (var s = CreateMember(archive, "data.npy", level)) NpyFile.Write1D(s, matrix.Values);
        }
        file.Commit();
    }

    private static Stream CreateMember(ZipArchive archive, string name, CompressionLevel level)
    {
        var entry = archive.CreateEntry(name, level);
        entry.LastWriteTime = FixedTimestamp;
        return entry.Open();
    }

    private static CsrMatrix<T> ReadSparse<T>(ZipArchive archive, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string format = NpzMembers.ReadFormat(archive, path);
        var (rows, cols) = NpzMembers.ReadShape(archive, path);
        try
        {
            switch (format)
            {
                case "csr":
                case "csc":
                {
                    bool csr = format == "csr";
                    int major = csr ? rows : cols, minor = csr ? cols : rows;
                    var indptr = NpzMembers.ReadIndices(archive, path, "indptr");
                    if (indptr.Length != major + 1)
                        throw new InvalidDataException(
                            $"{path}: 'indptr' has {indptr.Length} entries but a {rows}×{cols} {format} matrix needs {major + 1}.");
                    long nnz = indptr[^1];
                    var indices = NpzMembers.ReadIndices(archive, path, "indices");
                    if (indices.Length != nnz)
                        throw new InvalidDataException($"{path}: 'indices' has {indices.Length} entries but indptr ends at {nnz}.");
                    var data = NpzMembers.ReadValues<T>(archive, path, "data");
                    if (data.Length != indices.Length)
                        throw new InvalidDataException($"{path}: 'data' has {data.Length} entries but 'indices' has {indices.Length}.");
                    var m = CsrMatrix<T>.TakeOwnership(major, minor, indptr, indices, data);
                    return csr ? m : m.Transpose();
                }
                case "coo":
                {
                    var row = NpzMembers.ReadIndices(archive, path, "row");
                    var col = NpzMembers.ReadIndices(archive, path, "col");
                    var data = NpzMembers.ReadValues<T>(archive, path, "data");
                    return CsrMatrix<T>.FromTriplets(rows, cols, row, col, data);
                }
                default:
                    throw new InvalidDataException($"{path}: sparse format '{format}' is not supported (csr, csc and coo are).");
            }
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: invalid {format} structure: {e.Message}", e);
        }
    }

    private static Matrix<T> ReadSingleDense<T>(ZipArchive archive, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var arrays = archive.Entries.Where(e => e.FullName.EndsWith(".npy", StringComparison.Ordinal)).ToList();
        if (arrays.Count != 1)
            throw new InvalidDataException(
                $"{path}: neither a SciPy sparse archive (no 'format.npy') nor a single-array archive ({arrays.Count} .npy members).");
        var entry = arrays[0];
        string where = NpzMembers.Where(path, entry);
        using var stream = NpzMembers.Open(entry, path, out var header);
        var matrix = NpyStreams.ReadMatrix<T>(stream, header, where);
        NpyStreams.EnsureAtEnd(stream, where);
        return matrix;
    }

    private static ZipArchive OpenArchive(FileStream stream, string path)
    {
        if (stream.Length == 0) throw new InvalidDataException($"{path}: the file is empty.");
        return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
    }

    /// <summary>Maps the zip library's own failures on corrupt archives to an InvalidDataException naming the file.</summary>
    private static TResult Guard<TResult>(string path, Func<TResult> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: not a valid .npz archive: {e.Message}", e);
        }
        catch (Exception e) when (e is EndOfStreamException or NotSupportedException or ArgumentException
            || (e is IOException && e is not FileNotFoundException and not DirectoryNotFoundException))
        {
            throw new InvalidDataException($"{path}: not a valid .npz archive: {e.Message}", e);
        }
    }
}
