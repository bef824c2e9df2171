// The .npy preamble: magic, version, and the Python-literal header dict (descr, fortran_order, shape).
using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Nmf.Fast.IO;

/// <summary>
/// A parsed .npy header. The file layout (NumPy format versions 1.0, 2.0 and 3.0):
/// <code>
///   \x93NUMPY  major minor  header_len (u16 LE in v1, u32 LE in v2/v3)  header (ASCII/latin-1, UTF-8 in v3)  data
///   header = "{'descr': '&lt;f8', 'fortran_order': False, 'shape': (3, 4), }" padded with spaces to a multiple of 64, ending in '\n'
/// </code>
/// </summary>
internal sealed record NpyHeader(NpyDType DType, bool FortranOrder, long[] Shape, long HeaderBytes)
{
    /// <summary>Largest header accepted: NumPy's own loader refuses headers over 10 000 bytes by default.</summary>
    private const int MaxHeaderLength = 1 << 16;

    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Number of elements (product of the shape; 1 for a 0-d array).</summary>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (long d in Shape) n *= d;
            return n;
        }
    }

    /// <summary>Bytes of data that must follow the header.</summary>
    public long DataBytes => ElementCount * DType.ItemSize;

    /// <summary>The shape the way NumPy prints it, e.g. "(3, 4)" or "(5,)".</summary>
    public string ShapeText => Shape.Length == 1 ? $"({Shape[0]},)" : $"({string.Join(", ", Shape)})";

    /// <summary>
    /// Reads and checks the header from <paramref name="stream"/>, which holds <paramref name="totalLength"/> bytes
    /// from its current position. Checks that exactly <see cref="DataBytes"/> bytes follow, before any data is read
    /// or allocated, so a header that lies about its shape is rejected without cost.
    /// </summary>
    /// <exception cref="InvalidDataException">Bad magic, version, header or dtype, or a data size that does not match.</exception>
    public static NpyHeader Read(Stream stream, long totalLength, string where)
    {
        if (totalLength == 0) throw new InvalidDataException($"{where}: the file is empty.");
        Span<byte> preamble = stackalloc byte[12];
        int magicLength = (int)Math.Min(totalLength, 8);
        NpyStreams.ReadExactly(stream, preamble[..magicLength], where, "the .npy preamble");
        if (!preamble[..Math.Min(magicLength, 6)].SequenceEqual(Magic[..Math.Min(magicLength, 6)]))
            throw new InvalidDataException($"{where}: not a .npy file (the magic string \\x93NUMPY is missing).");
        if (magicLength < 8) throw new InvalidDataException($"{where}: the file ends inside the .npy preamble (truncated).");
        byte major = preamble[6], minor = preamble[7];
        if (major is not (1 or 2 or 3) || minor != 0)
            throw new InvalidDataException($"{where}: unsupported .npy format version {major}.{minor} (1.0, 2.0 and 3.0 are supported).");
        int lengthBytes = major == 1 ? 2 : 4;
        if (totalLength < 8 + lengthBytes) throw new InvalidDataException($"{where}: the file ends inside the .npy preamble (truncated).");
        NpyStreams.ReadExactly(stream, preamble.Slice(8, lengthBytes), where, "the .npy preamble");
        long headerLength = major == 1
            ? BinaryPrimitives.ReadUInt16LittleEndian(preamble[8..])
            : BinaryPrimitives.ReadUInt32LittleEndian(preamble[8..]);
        long preambleLength = 8 + lengthBytes;
        if (headerLength > MaxHeaderLength)
            throw new InvalidDataException($"{where}: the header claims {headerLength} bytes, more than the {MaxHeaderLength} allowed.");
        if (preambleLength + headerLength > totalLength)
            throw new InvalidDataException(
                $"{where}: the header claims {headerLength} bytes but only {totalLength - preambleLength} follow (truncated).");
        var headerBytes = new byte[headerLength];
        NpyStreams.ReadExactly(stream, headerBytes, where, "the .npy header");
        string text = major == 3 ? DecodeUtf8(headerBytes, where) : Encoding.Latin1.GetString(headerBytes);
        var header = NpyHeaderParser.Parse(text, where, preambleLength + headerLength);
        long available = totalLength - header.HeaderBytes;
        long needed = header.DataBytesChecked(where);
        if (available < needed)
            throw new InvalidDataException(
                $"{where}: the header declares shape {header.ShapeText} of '{header.DType.Descr}' = {needed} data bytes, but only {available} follow (truncated or lying header).");
        if (available > needed)
            throw new InvalidDataException(
                $"{where}: the header declares shape {header.ShapeText} of '{header.DType.Descr}' = {needed} data bytes, but {available} follow (the header lies about the shape).");
        return header;
    }

    /// <summary><see cref="DataBytes"/>, rejecting shapes whose byte count overflows.</summary>
    private long DataBytesChecked(string where)
    {
        long n = 1;
        foreach (long d in Shape)
        {
            if (d != 0 && n > long.MaxValue / d / DType.ItemSize)
                throw new InvalidDataException($"{where}: the shape {ShapeText} is impossibly large.");
            n *= d;
        }
        return n * DType.ItemSize;
    }

    private static string DecodeUtf8(byte[] bytes, string where)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException($"{where}: the version 3.0 header is not valid UTF-8.");
        }
    }

    /// <summary>The complete header (preamble + dict + padding) of a little-endian C-order array of the given shape.</summary>
    public static byte[] Format(string descr, long[] shape)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)))})";
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        int unpadded = 10 + dict.Length + 1;
        int padding = (64 - unpadded % 64) % 64;
        string text = dict + new string(' ', padding) + "\n";
        var bytes = new byte[10 + text.Length];
        Magic.CopyTo(bytes);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), checked((ushort)text.Length));
        Encoding.ASCII.GetBytes(text, bytes.AsSpan(10));
        return bytes;
    }
}
