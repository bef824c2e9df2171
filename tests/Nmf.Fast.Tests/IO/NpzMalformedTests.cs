// Broken SciPy .npz archives: missing members, inconsistent CSR arrays, bad dtypes and non-zip bytes are refused naming the problem.
using System.IO.Compression;
using Nmf.Fast.IO;

namespace Nmf.Fast.Tests.IO;

public class NpzMalformedTests
{
    private static byte[] Member<T>(T[] values) where T : unmanaged
    {
        using var ms = new MemoryStream();
        NpyFile.Write1D<T>(ms, values);
        return ms.ToArray();
    }

    private static byte[] Format(string format) =>
        NpyMalformedTests.Npy($"{{'descr': '|S{format.Length}', 'fortran_order': False, 'shape': (), }}", System.Text.Encoding.ASCII.GetBytes(format));

    /// <summary>A valid 2×3 CSR archive ([[1,0,2],[0,3,0]]) with some members replaced or removed (null).</summary>
    private static byte[] Archive(Dictionary<string, byte[]?> overrides)
    {
        var members = new Dictionary<string, byte[]?>
        {
            ["indices"] = Member(new[] { 0, 2, 1 }),
            ["indptr"] = Member(new[] { 0, 2, 3 }),
            ["format"] = Format("csr"),
            ["shape"] = Member(new long[] { 2, 3 }),
            ["data"] = Member(new[] { 1.0, 2.0, 3.0 }),
        };
        foreach (var (k, v) in overrides) members[k] = v;
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in members)
            {
                if (bytes is null) continue;
                using var s = zip.CreateEntry(name + ".npy", CompressionLevel.Optimal).Open();
                s.Write(bytes);
            }
        }
        return ms.ToArray();
    }

    private static string Refused(byte[] bytes)
    {
        using var tmp = new TempFolder();
        string path = tmp.Write("bad.npz", bytes);
        var e = Assert.Throws<InvalidDataException>(() => MatrixFile.ReadSparse<double>(path));
        Assert.Contains(path, e.Message);
        return e.Message;
    }

    [Fact]
    public void HandMadeArchive_ReadsAsExpected()
    {
        using var tmp = new TempFolder();
        var m = MatrixFile.ReadSparse<double>(tmp.Write("ok.npz", Archive([])));
        Assert.Equal(new[,] { { 1.0, 0, 2 }, { 0, 3, 0 } }, m.ToDense().ToArray());
        m = MatrixFile.ReadSparse<double>(tmp.Write("u.npz", Archive(new() { ["format"] = NpyMalformedTests.Npy(
            "{'descr': '<U3', 'fortran_order': False, 'shape': (), }", System.Text.Encoding.UTF32.GetBytes("csr")) })));
        Assert.Equal(3, m.NonZeroCount);
    }

    [Theory]
    [InlineData("indices", "no 'indices.npy' member")]
    [InlineData("indptr", "no 'indptr.npy' member")]
    [InlineData("shape", "no 'shape.npy' member")]
    [InlineData("data", "no 'data.npy' member")]
    public void MissingMember_IsRefused(string member, string problem) =>
        Assert.Contains(problem, Refused(Archive(new() { [member] = null })));

    public static TheoryData<string, byte[], string> BadMembers() => new()
    {
        { "indptr", Member(new[] { 0, 2 }), "'indptr' has 2 entries but a 2×3 csr matrix needs 3" },
        { "indptr", Member(new[] { 0, 4, 3 }), "not monotone at row 1" },
        { "indptr", Member(new[] { 0, 2, 4 }), "'indices' has 3 entries but indptr ends at 4" },
        { "indptr", Member(new[] { 1.0, 2.0, 3.0 }), "expected an integer dtype" },
        { "indices", Member(new[] { 0, 3, 1 }), "columnIndices[1] = 3 (row 0) is outside [0, 3)" },
        { "indices", Member(new[] { 0, -1, 1 }), "entry 1 is -1" },
        { "indices", Member(new[] { 0L, 1L << 40, 1 }), "entry 1 is 1099511627776" },
        { "data", Member(new[] { 1.0, 2.0 }), "'data' has 2 entries but 'indices' has 3" },
        { "data", NpyMalformedTests.Npy("{'descr': '|S3', 'fortran_order': False, 'shape': (3,), }", new byte[9]), "holds strings" },
        { "shape", Member(new long[] { 2, 3, 4 }), "expected two integers" },
        { "shape", Member(new long[] { -2, 3 }), "shape (-2, 3) is not supported" },
        { "format", Format("dia"), "sparse format 'dia' is not supported" },
        { "format", Member(new[] { 1, 2 }), "expected a short string" },
        { "indices", [1, 2, 3], "not a .npy file" },
    };

    [Theory]
    [MemberData(nameof(BadMembers))]
    public void InconsistentOrMistypedMember_IsRefusedNamingIt(string member, byte[] replacement, string problem) =>
        Assert.Contains(problem, Refused(Archive(new() { [member] = replacement })));

    [Fact]
    public void NonZipBytes_AndEmptyFiles_AreRefused()
    {
        Assert.Contains("not a valid .npz archive", Refused(System.Text.Encoding.ASCII.GetBytes("this is not a zip file at all, sorry")));
        Assert.Contains("the file is empty", Refused([]));
    }
}
