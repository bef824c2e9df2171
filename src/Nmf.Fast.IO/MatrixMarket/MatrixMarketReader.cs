// Parses the body of a MatrixMarket file (size line and entries), checking every line and naming it on error.
using System.Globalization;
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.IO;

/// <summary>
/// Reads a MatrixMarket file line by line. Declared sizes are checked against the file length before
/// anything is allocated (an entry needs at least 4 bytes, an array value 2), and every entry is checked
/// for its token count, 1-based index range, numeric value and, for symmetric files, its triangle.
/// </summary>
internal sealed class MatrixMarketReader<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TextReader _reader;
    private readonly string _where;
    private readonly long _fileLength;
    private int _line;

    private MatrixMarketReader(TextReader reader, string where, long fileLength)
    {
        _reader = reader;
        _where = where;
        _fileLength = fileLength;
    }

    /// <summary>Reads the file: coordinate files give a CSR matrix, array files a dense one.</summary>
    public static (CsrMatrix<T>? Sparse, Matrix<T>? Dense) Read(TextReader reader, string where, long fileLength, bool densify)
    {
        var r = new MatrixMarketReader<T>(reader, where, fileLength);
        return r.ReadAll(densify);
    }

    private (CsrMatrix<T>?, Matrix<T>?) ReadAll(bool densify)
    {
        if (_fileLength == 0) throw new InvalidDataException($"{_where}: the file is empty.");
        _line = 1;
        var header = MatrixMarketHeader.Parse(_reader.ReadLine(), _where);
        string? sizeLine = NextContentLine();
        if (sizeLine is null) throw Error("the file ends before the size line");
        var tokens = new Range[4];
        int count = Split(sizeLine, tokens);
        int expected = header.IsCoordinate ? 3 : 2;
        if (count != expected)
            throw Error(header.IsCoordinate
                ? $"the size line must hold 'rows cols entries', found {count} values"
                : $"the size line must hold 'rows cols', found {count} values");
        int rows = ParseSize(sizeLine, tokens[0], "rows");
        int cols = ParseSize(sizeLine, tokens[1], "columns");
        if (header.Symmetry != MatrixMarketSymmetry.General && rows != cols)
            throw Error($"a {(header.Symmetry == MatrixMarketSymmetry.Symmetric ? "symmetric" : "skew-symmetric")} matrix must be square, not {rows}×{cols}");
        if (header.IsCoordinate)
        {
            long entries = ParseCount(sizeLine, tokens[2]);
            var csr = ReadCoordinate(header, rows, cols, entries);
            if (!densify) return (csr, null);
            DenseSizeGuard.Check(_where, rows, cols, System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
            return (null, csr.ToDense());
        }
        var dense = ReadArray(header, rows, cols);
        return densify ? (null, dense) : (CsrMatrix<T>.FromDense(dense), null);
    }

    private CsrMatrix<T> ReadCoordinate(MatrixMarketHeader header, int rows, int cols, long entries)
    {
        if ((long)rows * cols < entries && header.Symmetry == MatrixMarketSymmetry.General)
            throw Error($"{entries} entries cannot fit in a {rows}×{cols} matrix");
        // Shortest entry line: "1 1" plus a newline.
        if (entries > (_fileLength + 1) / 4)
            throw Error($"the size line declares {entries} entries but a {_fileLength}-byte file cannot hold that many");
        long capacity = header.Symmetry == MatrixMarketSymmetry.General ? entries : 2 * entries;
        if (capacity > Array.MaxLength) throw Error($"{entries} entries are more than a CSR matrix can hold");
        DenseSizeGuard.CheckSparse(_where, rows, cols, 2 * capacity, System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        // Entries that come row by row (what SciPy's mmwrite of a CSR matrix writes) go straight into the CSR arrays:
        // their column indices and values are already in CSR order, and counting them per row gives the row pointers.
        // Only when a row comes out of order is a row index per entry needed (COO triplets, sorted by FromTriplets);
        // the rows of the entries read so far are then recovered from the counts. A row-ordered file thus costs the
        // CSR arrays alone, with no triplet copy beside them.
        var rowCounts = new int[rows + 1];
        int[]? rowIndex = null;
        int lastRow = 0;
        var colIndex = new int[capacity];
        var values = new T[capacity];
        int stored = 0;
        int valueTokens = header.Field == MatrixMarketField.Pattern ? 2 : 3;
        var tokens = new Range[4];
        for (long e = 0; e < entries; e++)
        {
            string? line = NextContentLine();
            if (line is null) throw Error($"the file ends after {e} of the {entries} declared entries");
            int count = Split(line, tokens);
            if (count != valueTokens)
                throw Error(valueTokens == 3
                    ? $"an entry must be 'row column value', found {count} values"
                    : $"a pattern entry must be 'row column', found {count} values");
            int i = ParseIndex(line, tokens[0], rows, "row");
            int j = ParseIndex(line, tokens[1], cols, "column");
            T v = valueTokens == 3 ? ParseValue(line, tokens[2], header.Field) : T.One;
            if (header.Symmetry != MatrixMarketSymmetry.General && j > i)
                throw Error($"entry ({i + 1}, {j + 1}) lies above the diagonal; a symmetric file stores only the lower triangle");
            if (header.Symmetry == MatrixMarketSymmetry.SkewSymmetric && i == j)
                throw Error($"entry ({i + 1}, {j + 1}) is on the diagonal, which a skew-symmetric file must not store");
            Add(i, j, v);
            if (header.Symmetry != MatrixMarketSymmetry.General && i != j)
                Add(j, i, header.Symmetry == MatrixMarketSymmetry.SkewSymmetric ? -v : v);
        }
        EnsureNoMoreEntries(entries);
        if (rowIndex is null && stored == colIndex.Length)
        {
            for (int r = 0; r < rows; r++) rowCounts[r + 1] += rowCounts[r];
            return CsrMatrix<T>.TakeOwnership(rows, cols, rowCounts, colIndex, values);
        }
        rowIndex ??= RowsOfEntriesSoFar(rowCounts, rows, stored, stored);
        return CsrMatrix<T>.FromTriplets(rows, cols, rowIndex.AsSpan(0, stored), colIndex.AsSpan(0, stored), values.AsSpan(0, stored));

        void Add(int i, int j, T v)
        {
            if (rowIndex is null && i < lastRow) rowIndex = RowsOfEntriesSoFar(rowCounts, rows, stored, colIndex.Length);
            if (rowIndex is null)
            {
                rowCounts[i + 1]++;
                lastRow = i;
            }
            else
            {
                rowIndex[stored] = i;
            }
            colIndex[stored] = j;
            values[stored++] = v;
        }
    }

    /// <summary>A row index per entry for the first <paramref name="stored"/> entries, which came in row order with the given per-row counts (slot r + 1 counts row r).</summary>
    private static int[] RowsOfEntriesSoFar(int[] rowCounts, int rows, int stored, long capacity)
    {
        var rowIndex = new int[capacity];
        int e = 0;
        for (int r = 0; r < rows && e < stored; r++)
            for (int c = 0; c < rowCounts[r + 1]; c++) rowIndex[e++] = r;
        return rowIndex;
    }

    private Matrix<T> ReadArray(MatrixMarketHeader header, int rows, int cols)
    {
        long n = cols;
        long expected = header.Symmetry switch
        {
            MatrixMarketSymmetry.General => (long)rows * cols,
            MatrixMarketSymmetry.Symmetric => n * (n + 1) / 2,
            _ => n * (n - 1) / 2,
        };
        // Shortest value line: one digit plus a newline.
        if (expected > (_fileLength + 1) / 2)
            throw Error($"a {rows}×{cols} array needs {expected} values but a {_fileLength}-byte file cannot hold that many");
        DenseSizeGuard.Check(_where, rows, cols, System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        var dense = new Matrix<T>(rows, cols);
        var tokens = new Range[4];
        long read = 0;
        // Column-major order; symmetric files list the lower triangle of each column (strictly lower when skew).
        for (int j = 0; j < cols; j++)
        {
            int first = header.Symmetry switch
            {
                MatrixMarketSymmetry.General => 0,
                MatrixMarketSymmetry.Symmetric => j,
                _ => j + 1,
            };
            for (int i = first; i < rows; i++)
            {
                string? line = NextContentLine();
                if (line is null) throw Error($"the file ends after {read} of the {expected} values of the {rows}×{cols} array");
                int count = Split(line, tokens);
                if (count != 1) throw Error($"an array line must hold one value, found {count}");
                T v = ParseValue(line, tokens[0], header.Field);
                read++;
                dense[i, j] = v;
                if (header.Symmetry == MatrixMarketSymmetry.Symmetric) dense[j, i] = v;
                else if (header.Symmetry == MatrixMarketSymmetry.SkewSymmetric) dense[j, i] = -v;
            }
        }
        EnsureNoMoreEntries(expected);
        return dense;
    }

    private void EnsureNoMoreEntries(long declared)
    {
        if (NextContentLine() is not null)
            throw Error($"more entries than the {declared} declared");
    }

    /// <summary>The next line that is not blank or a '%' comment, counting lines; null at the end.</summary>
    private string? NextContentLine()
    {
        string? line;
        while ((line = _reader.ReadLine()) is not null)
        {
            _line++;
            var t = line.AsSpan().TrimStart();
            if (t.IsEmpty || t[0] == '%') continue;
            return line;
        }
        _line++;
        return null;
    }

    private static int Split(string line, Span<Range> tokens)
    {
        int count = 0, p = 0;
        while (true)
        {
            while (p < line.Length && char.IsWhiteSpace(line[p])) p++;
            if (p >= line.Length) return count;
            int start = p;
            while (p < line.Length && !char.IsWhiteSpace(line[p])) p++;
            if (count < tokens.Length) tokens[count] = start..p;
            count++;
        }
    }

    private int ParseSize(string line, Range token, string what)
    {
        var text = line.AsSpan()[token];
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) || value < 0)
            throw Error($"the number of {what} '{Echo(text)}' is not a non-negative integer");
        if (value >= int.MaxValue) throw Error($"{value} {what} are more than supported ({int.MaxValue - 1})");
        return (int)value;
    }

    private long ParseCount(string line, Range token)
    {
        var text = line.AsSpan()[token];
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) || value < 0)
            throw Error($"the number of entries '{Echo(text)}' is not a non-negative integer");
        return value;
    }

    private int ParseIndex(string line, Range token, int limit, string what)
    {
        var text = line.AsSpan()[token];
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
            throw Error($"the {what} index '{Echo(text)}' is not an integer");
        if (value < 1 || value > limit)
            throw Error($"the {what} index {value} is outside 1..{limit} (indices are 1-based)");
        return (int)(value - 1);
    }

    private T ParseValue(string line, Range token, MatrixMarketField field)
    {
        var text = line.AsSpan()[token];
        if (field == MatrixMarketField.Integer)
        {
            if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long integer))
                throw Error($"the value '{Echo(text)}' is not an integer (the field is 'integer')");
            return T.CreateTruncating(integer);
        }
        if (!T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out T value))
            throw Error($"the value '{Echo(text)}' is not a number");
        return value;
    }

    private static string Echo(ReadOnlySpan<char> text) => text.Length <= 40 ? text.ToString() : text[..40].ToString() + "…";

    private InvalidDataException Error(string problem) => new($"{_where}: line {_line}: {problem}.");
}
