// Public reader and writer for numeric CSV files (comma- or whitespace-separated), reporting bad cells by line.
using System.Globalization;
using System.Numerics;
using System.Text;
using Nmf.Fast.Memory;

namespace Nmf.Fast.IO;

/// <summary>
/// Numeric text matrices, one row per line. The separator is a comma, or runs of spaces/tabs when the first
/// data line holds no comma; whitespace around values is ignored. Blank lines and lines starting with '#' are
/// skipped; with <c>header: true</c> the first other line is skipped too. Values use the invariant culture
/// ("1.5e-3"); "nan", "inf", "-inf" (any case) are accepted here and left to
/// <see cref="MatrixValidation"/> to judge.
/// </summary>
public static class CsvFile
{
    private const int MaxCellEcho = 40;

    /// <summary>Reads a dense matrix from a CSV file.</summary>
    /// <exception cref="InvalidDataException">Empty file, ragged row or non-numeric cell; the message names the line and column.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static Matrix<T> Read<T>(string path, bool header = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = SafeFile.OpenRead(path);
        if (stream.Length == 0) throw new InvalidDataException($"{path}: the file is empty.");
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read<T>(reader, path, header);
    }

    internal static Matrix<T> Read<T>(TextReader reader, string where, bool header) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new List<T>();
        int cols = -1, rows = 0, firstDataLine = 0, lineNumber = 0;
        bool headerPending = header;
        char separator = ',';
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            var text = line.AsSpan().Trim();
            if (text.IsEmpty || text[0] == '#') continue;
            if (headerPending)
            {
                headerPending = false;
                continue;
            }
            if (cols < 0)
            {
                separator = text.Contains(',') ? ',' : ' ';
                firstDataLine = lineNumber;
            }
            int count = ParseLine(text, separator, values, where, lineNumber, header, rows == 0);
            if (cols < 0) cols = count;
            else if (count != cols)
                throw new InvalidDataException(
                    $"{where}: line {lineNumber} has {count} values but line {firstDataLine} has {cols} (ragged rows).");
            rows++;
        }
        if (rows == 0)
            throw new InvalidDataException(header
                ? $"{where}: the file holds no data rows after the header."
                : $"{where}: the file holds no data rows.");
        DenseSizeGuard.Check(where, rows, cols, System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        return new Matrix<T>(rows, cols, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values));
    }

    private static int ParseLine<T>(ReadOnlySpan<char> text, char separator, List<T> values, string where, int lineNumber, bool header, bool firstRow)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int column = 0;
        while (true)
        {
            column++;
            int end = separator == ',' ? text.IndexOf(',') : text.IndexOfAny(' ', '\t');
            var cell = (end < 0 ? text : text[..end]).Trim();
            if (!TryParse(cell, out T value))
            {
                string shown = cell.Length > MaxCellEcho ? cell[..MaxCellEcho].ToString() + "…" : cell.ToString();
                string problem = cell.IsEmpty ? "the cell is empty" : $"'{shown}' is not a number";
                string hint = firstRow && !header ? " (if this line is a header, read with a header / --header)" : "";
                throw new InvalidDataException($"{where}: line {lineNumber}, column {column}: {problem}{hint}.");
            }
            values.Add(value);
            if (end < 0) return column;
            text = text[(end + 1)..];
            if (separator != ',') text = text.TrimStart();
        }
    }

    private static bool TryParse<T>(ReadOnlySpan<char> cell, out T value) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (T.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        var body = cell.Length > 0 && cell[0] is '+' or '-' ? cell[1..] : cell;
        bool negative = cell.Length > 0 && cell[0] == '-';
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? T.NegativeInfinity : T.PositiveInfinity;
            return true;
        }
        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = T.NaN;
            return true;
        }
        return false;
    }

    /// <summary>
    /// Writes <paramref name="matrix"/> as comma-separated text with round-trip precision, atomically
    /// (temporary sibling renamed into place).
    /// </summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or writing failed.</exception>
    public static void Write<T>(string path, ReadOnlyMatrixSpan<T> matrix, bool overwrite = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var file = AtomicFile.Create(path, overwrite);
        using (var writer = new StreamWriter(file.Stream, new UTF8Encoding(false), bufferSize: 1 << 16, leaveOpen: true))
        {
            writer.NewLine = "\n";
            Span<char> buffer = stackalloc char[64];
            for (int i = 0; i < matrix.Rows; i++)
            {
                var row = matrix.Row(i);
                for (int j = 0; j < row.Length; j++)
                {
                    if (j > 0) writer.Write(',');
                    row[j].TryFormat(buffer, out int written, "R", CultureInfo.InvariantCulture);
                    writer.Write(buffer[..written]);
                }
                writer.WriteLine();
            }
        }
        file.Commit();
    }
}
