// The MatrixMarket banner line: object, format (coordinate/array), field and symmetry.
namespace Nmf.Fast.IO;

internal enum MatrixMarketField
{
    Real,
    Integer,
    Pattern,
}

internal enum MatrixMarketSymmetry
{
    General,
    Symmetric,
    SkewSymmetric,
}

/// <summary>A parsed <c>%%MatrixMarket matrix &lt;format&gt; &lt;field&gt; &lt;symmetry&gt;</c> banner.</summary>
internal readonly record struct MatrixMarketHeader(bool IsCoordinate, MatrixMarketField Field, MatrixMarketSymmetry Symmetry)
{
    /// <exception cref="InvalidDataException">The banner is missing, malformed or names an unsupported variant.</exception>
    public static MatrixMarketHeader Parse(string? line, string where)
    {
        if (line is null) throw new InvalidDataException($"{where}: the file is empty.");
        var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0 || !tokens[0].Equals("%%MatrixMarket", StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{where}: line 1: expected the banner '%%MatrixMarket matrix coordinate|array real|integer|pattern general|symmetric'.");
        if (tokens.Length != 5)
            throw new InvalidDataException($"{where}: line 1: the banner must have 5 words (%%MatrixMarket matrix <format> <field> <symmetry>), found {tokens.Length}.");
        if (!tokens[1].Equals("matrix", StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{where}: line 1: unsupported object '{tokens[1]}' (only 'matrix').");
        bool coordinate = tokens[2].ToLowerInvariant() switch
        {
            "coordinate" => true,
            "array" => false,
            _ => throw new InvalidDataException($"{where}: line 1: unknown format '{tokens[2]}' (expected 'coordinate' or 'array')."),
        };
        var field = tokens[3].ToLowerInvariant() switch
        {
            "real" or "double" => MatrixMarketField.Real,
            "integer" => MatrixMarketField.Integer,
            "pattern" when coordinate => MatrixMarketField.Pattern,
            "pattern" => throw new InvalidDataException($"{where}: line 1: the 'pattern' field is only valid with the 'coordinate' format."),
            "complex" => throw new InvalidDataException($"{where}: line 1: complex matrices are not supported (field 'complex')."),
            _ => throw new InvalidDataException($"{where}: line 1: unknown field '{tokens[3]}' (expected real, integer or pattern)."),
        };
        var symmetry = tokens[4].ToLowerInvariant() switch
        {
            "general" => MatrixMarketSymmetry.General,
            "symmetric" => MatrixMarketSymmetry.Symmetric,
            "skew-symmetric" when field != MatrixMarketField.Pattern => MatrixMarketSymmetry.SkewSymmetric,
            "skew-symmetric" => throw new InvalidDataException($"{where}: line 1: 'pattern' matrices cannot be skew-symmetric."),
            "hermitian" => throw new InvalidDataException($"{where}: line 1: hermitian matrices are not supported (they are complex)."),
            _ => throw new InvalidDataException($"{where}: line 1: unknown symmetry '{tokens[4]}' (expected general, symmetric or skew-symmetric)."),
        };
        return new MatrixMarketHeader(coordinate, field, symmetry);
    }
}
