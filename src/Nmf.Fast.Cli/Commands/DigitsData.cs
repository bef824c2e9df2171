// The embedded 8×8 handwritten digits (scikit-learn's load_digits, BSD-3; see data/README.md) as a 1797×64 matrix.
using System.IO.Compression;
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Cli.Commands;

internal static class DigitsData
{
    public const int Rows = 1797;
    public const int Pixels = 64;
    private const string ResourceName = "digits.csv.gz";

    /// <summary>The pixel matrix (labels dropped): one 8×8 image per row, intensities 0..16.</summary>
    public static Matrix<T> Load<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = typeof(DigitsData).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidDataException($"the embedded resource {ResourceName} is missing from this build");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var x = new Matrix<T>(Rows, Pixels);
        int row = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            if (row == Rows) throw new InvalidDataException($"{ResourceName}: more than {Rows} rows");
            var cells = line.AsSpan();
            int col = 0;
            foreach (var range in cells.Split(','))
            {
                if (col < Pixels) x[row, col] = T.CreateTruncating(int.Parse(cells[range], System.Globalization.CultureInfo.InvariantCulture));
                col++;
            }
            if (col != Pixels + 1) throw new InvalidDataException($"{ResourceName}: line {row + 1} has {col} values, expected {Pixels + 1}");
            row++;
        }
        if (row != Rows) throw new InvalidDataException($"{ResourceName}: {row} rows, expected {Rows}");
        return x;
    }
}
