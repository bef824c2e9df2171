// A NumPy dtype string ('<f8', '>i4', '|b1', '|S3', ...) parsed into kind, item size and byte order.
namespace Nmf.Fast.IO;

/// <summary>The element kinds this library reads from .npy data.</summary>
internal enum NpyKind
{
    Float,
    SignedInteger,
    UnsignedInteger,
    Bool,
    Bytes,
    Unicode,
}

/// <summary>A parsed simple dtype: kind, bytes per item and byte order.</summary>
internal readonly record struct NpyDType(NpyKind Kind, int ItemSize, bool BigEndian, string Descr)
{
    /// <summary>True for float, integer and bool dtypes (the ones a matrix can hold).</summary>
    public bool IsNumeric => Kind is NpyKind.Float or NpyKind.SignedInteger or NpyKind.UnsignedInteger or NpyKind.Bool;

    /// <summary>Parses a dtype descr; <paramref name="where"/> prefixes error messages.</summary>
    /// <exception cref="InvalidDataException">The dtype is malformed or unsupported (complex, object, datetime, ...).</exception>
    public static NpyDType Parse(string descr, string where)
    {
        if (descr.Length < 2 || descr.Length > 16) throw Bad(where, descr, "is not a valid dtype");
        int p = 0;
        bool bigEndian = false;
        switch (descr[0])
        {
            case '<' or '|' or '=': p = 1; bigEndian = descr[0] == '=' && !BitConverter.IsLittleEndian; break;
            case '>': p = 1; bigEndian = true; break;
        }
        if (p >= descr.Length) throw Bad(where, descr, "is not a valid dtype");
        char kind = descr[p++];
        ReadOnlySpan<char> digits = descr.AsSpan(p);
        if (!int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int size) || size <= 0)
        {
            throw kind switch
            {
                'O' => Bad(where, descr, "is the object dtype (Python objects), which is not supported"),
                _ => Bad(where, descr, "is not a valid dtype"),
            };
        }
        return kind switch
        {
            'f' when size is 2 or 4 or 8 => new NpyDType(NpyKind.Float, size, bigEndian, descr),
            'f' => throw Bad(where, descr, $"is a {size * 8}-bit float, which is not supported (use float16, float32 or float64)"),
            'i' when size is 1 or 2 or 4 or 8 => new NpyDType(NpyKind.SignedInteger, size, bigEndian, descr),
            'u' when size is 1 or 2 or 4 or 8 => new NpyDType(NpyKind.UnsignedInteger, size, bigEndian, descr),
            'b' when size == 1 => new NpyDType(NpyKind.Bool, 1, false, descr),
            'S' or 'a' => new NpyDType(NpyKind.Bytes, size, false, descr),
            'U' when size <= int.MaxValue / 4 => new NpyDType(NpyKind.Unicode, size * 4, bigEndian, descr),
            'c' => throw Bad(where, descr, "is a complex dtype, which is not supported"),
            'O' => throw Bad(where, descr, "is the object dtype (Python objects), which is not supported"),
            'V' => throw Bad(where, descr, "is a structured/void dtype, which is not supported"),
            'M' or 'm' => throw Bad(where, descr, "is a datetime/timedelta dtype, which is not supported"),
            _ => throw Bad(where, descr, "is not a supported dtype (supported: float16/32/64, int8..64, uint8..64, bool)"),
        };
    }

    private static InvalidDataException Bad(string where, string descr, string problem) =>
        new($"{where}: dtype '{descr}' {problem}.");
}
