// Hand-made broken .npy files: each is refused with an InvalidDataException naming the file and the problem.
using System.Buffers.Binary;
using System.Text;
using Nmf.Fast.IO;

namespace Nmf.Fast.Tests.IO;

public class NpyMalformedTests
{
    /// <summary>A .npy file with the given header dict text (padded like NumPy does) and data bytes.</summary>
    internal static byte[] Npy(string dict, byte[] data, int major = 1)
    {
        int lengthBytes = major == 1 ? 2 : 4;
        int unpadded = 8 + lengthBytes + dict.Length + 1;
        string header = dict + new string(' ', (64 - unpadded % 64) % 64) + "\n";
        var bytes = new byte[8 + lengthBytes + header.Length + data.Length];
        bytes[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY", bytes.AsSpan(1));
        bytes[6] = (byte)major;
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)header.Length);
        Encoding.ASCII.GetBytes(header, bytes.AsSpan(8 + lengthBytes));
        data.CopyTo(bytes.AsSpan(8 + lengthBytes + header.Length));
        return bytes;
    }

    internal static byte[] Doubles(int count) => new byte[8 * count];

    private static void AssertRefused(byte[] bytes, string problem)
    {
        using var tmp = new TempFolder();
        string path = tmp.Write("bad.npy", bytes);
        var e = Assert.Throws<InvalidDataException>(() => MatrixFile.ReadDense<double>(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void WellFormedHandMadeFile_Reads()
    {
        using var tmp = new TempFolder();
        var data = new byte[8 * 6];
        for (int k = 0; k < 6; k++) BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8 * k), k);
        string path = tmp.Write("ok.npy", Npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", data));
        var m = MatrixFile.ReadDense<double>(path);
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5 }, m.AsSpan().ToArray());
        path = tmp.Write("ok2.npy", Npy("{\"shape\":(2,3),\"descr\":\"<f8\",\"fortran_order\":True}", data, major: 2));
        m = MatrixFile.ReadDense<double>(path);
        Assert.Equal(new double[] { 0, 2, 4, 1, 3, 5 }, m.AsSpan().ToArray());
    }

    [Fact]
    public void EmptyFile_IsRefused() => AssertRefused([], "empty");

    [Fact]
    public void MissingMagic_IsRefused() => AssertRefused(Encoding.ASCII.GetBytes("just some text, not numpy"), "magic");

    [Fact]
    public void FileEndingInsidePreamble_IsRefused() => AssertRefused([0x93, (byte)'N', (byte)'U', (byte)'M'], "truncated");

    [Fact]
    public void UnknownVersion_IsRefused()
    {
        var bytes = Npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", Doubles(1));
        bytes[6] = 4;
        AssertRefused(bytes, "version 4.0");
    }

    [Fact]
    public void HeaderLengthBeyondTheFile_IsRefused()
    {
        var bytes = Npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", Doubles(1));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), 60000);
        AssertRefused(bytes, "header claims 60000 bytes");
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'shape': (2, 2), }", "'fortran_order' is missing")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, }", "'shape' is missing")]
    [InlineData("{'fortran_order': False, 'shape': (2, 2), }", "'descr' is missing")]
    [InlineData("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (2, 2), }", "True or False")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, -2), }", "negative dimension")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), 'extra': 1}", "unexpected key 'extra'")]
    [InlineData("{'descr': '<f8, 'fortran_order': False, 'shape': (2, 2), }", "malformed .npy header")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2)", "header ends")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2)} junk", "after the closing")]
    [InlineData("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2, 2)}", "appears twice")]
    [InlineData("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2, 2)}", "structured")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': ((2, 2)), }", "non-negative integers")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999, 2), }", "too large")]
    [InlineData("{'descr': '<c16', 'fortran_order': False, 'shape': (2, 2), }", "complex")]
    [InlineData("{'descr': '<f16', 'fortran_order': False, 'shape': (2, 2), }", "128-bit float")]
    [InlineData("{'descr': 'zz', 'fortran_order': False, 'shape': (2, 2), }", "not a valid dtype")]
    [InlineData("{'descr': '|O', 'fortran_order': False, 'shape': (2, 2), }", "object")]
    public void MalformedHeaderDict_IsRefusedSayingWhy(string dict, string problem) =>
        AssertRefused(Npy(dict, Doubles(4)), problem);

    [Fact]
    public void DataShorterThanDeclared_IsRefused() =>
        AssertRefused(Npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }", Doubles(5)), "only 40 follow");

    [Fact]
    public void DataLongerThanDeclared_IsRefused() =>
        AssertRefused(Npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", Doubles(5)), "lies about the shape");

    [Fact]
    public void HugeDeclaredShape_IsRefusedBeforeAllocating()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertRefused(Npy("{'descr': '<f8', 'fortran_order': False, 'shape': (200000000, 200000000), }", Doubles(4)), "only 32 follow");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000_000);
    }

    [Fact]
    public void ShapeWhoseByteCountOverflows_IsRefused() =>
        AssertRefused(Npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4611686018427387904), }", Doubles(4)), "impossibly large");

    [Fact]
    public void DirectoryWithNpyName_IsRefusedNamingThePath()
    {
        using var tmp = new TempFolder();
        string dir = Directory.CreateDirectory(tmp.File("looks.npy")).FullName;
        var e = Assert.Throws<InvalidDataException>(() => MatrixFile.ReadDense<double>(dir));
        Assert.Contains(dir, e.Message);
        Assert.Contains("directory", e.Message);
    }
}
