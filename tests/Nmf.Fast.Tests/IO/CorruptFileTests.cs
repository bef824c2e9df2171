// Corrupted variants of valid files (every truncation of the header, random byte flips, lying sizes) end in a
// clean InvalidDataException or a correct parse: never another exception, a hang, or an allocation bomb.
using System.IO.Compression;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nmf.Fast.IO;

namespace Nmf.Fast.Tests.IO;

public class CorruptFileTests : IDisposable
{
    private protected const long AllocationLimit = 64L << 20;
    private protected static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);
    private protected readonly TempFolder _tmp = new();

    public void Dispose()
    {
        _tmp.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The valid files every corruption starts from (NumPy/SciPy-made fixtures plus our own writers' output).</summary>
    public static TheoryData<string> Sources() => new()
    {
        "dense_f8_le.npy", "dense_f4_be_fortran.npy", "dense_f8_v2.npy", "sparse_csr.npz", "sparse_csr_stored.npz",
        "sparse_csc.npz", "mm_coord_real.mtx", "mm_array_symmetric.mtx", "mm_coord_pattern.mtx", "dense_header.csv",
    };

    /// <summary>Why a read ended; null when it parsed. <see cref="Cli.CorruptFileCliTests"/> runs the same cases through <c>nmf fit</c>.</summary>
    private protected virtual string? ReadOutcome(string source, byte[] bytes)
    {
        string path = _tmp.Write("case" + Path.GetExtension(source), bytes);
        // Allocation is counted on the reading thread only: a process-wide count would include whatever the
        // test classes running in parallel allocate, and made this check flaky.
        long allocated = 0;
        var task = Task.Run(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                var sparse = MatrixFile.ReadSparse<double>(path, csvHeader: true);
                // A flip can turn a valid file into another valid one with a huge shape (e.g. 5×33554438 with 7
                // stored entries); densifying that legitimately needs rows·cols·8 bytes, so it is not an allocation
                // bomb and is not attempted here.
                if ((long)sparse.Rows * sparse.Cols * sizeof(double) > AllocationLimit / 2) return null;
                var dense = MatrixFile.ReadDense<double>(path, csvHeader: true);
                Assert.Equal((sparse.Rows, sparse.Cols), (dense.Rows, dense.Cols));
                return null;
            }
            catch (InvalidDataException e)
            {
                Assert.Contains(path, e.Message);
                return e.Message;
            }
            finally
            {
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }
        });
        Assert.True(task.Wait(HangLimit), $"reading a corrupted {source} hung");
        Assert.True(allocated < AllocationLimit, $"reading a corrupted {source} allocated {allocated} bytes");
        return task.Result;
    }

    private static byte[] Fixture(string name) => File.ReadAllBytes(IoFixtures.Path(name));

    [Theory]
    [MemberData(nameof(Sources))]
    public void Truncation_AtEveryOffsetOfTheHeader_IsACleanErrorOrParse(string source)
    {
        byte[] bytes = Fixture(source);
        // The whole preamble and header of .npy; for text and zip files the first 600 bytes (all of the small fixtures' structure).
        int limit = Path.GetExtension(source) == ".npy" ? HeaderEnd(bytes) + 9 : Math.Min(bytes.Length, 600);
        for (int length = 0; length < Math.Min(limit, bytes.Length); length++)
        {
            string? error = ReadOutcome(source, bytes[..length]);
            if (Path.GetExtension(source) is ".npy" or ".npz") Assert.NotNull(error);
        }
    }

    [Fact]
    public void Truncation_EveryOffsetOfAnNpzCentralDirectory_IsAnError()
    {
        byte[] bytes = Fixture("sparse_csr_stored.npz");
        for (int length = Math.Max(0, bytes.Length - 400); length < bytes.Length; length++)
            Assert.NotNull(ReadOutcome("x.npz", bytes[..length]));
    }

    private static Gen<(int Seed, int Flips)> FlipPlans() =>
        from seed in Gen.Choose(0, int.MaxValue - 1)
        from flips in Gen.Choose(1, 4)
        select (seed, flips);

    private Property FlipsAreCleanErrorsOrParses(string source) =>
        Prop.ForAll(FlipPlans().ToArbitrary(), plan =>
        {
            byte[] bytes = Fixture(source);
            var rng = new System.Random(plan.Seed);
            // Bias half of the flips into the first 256 bytes, where the headers and size lines live.
            for (int f = 0; f < plan.Flips; f++)
            {
                int at = rng.Next(2) == 0 ? rng.Next(Math.Min(256, bytes.Length)) : rng.Next(bytes.Length);
                bytes[at] ^= (byte)(1 << rng.Next(8));
            }
            ReadOutcome(source, bytes);
        });

    [Property(MaxTest = 150)]
    public Property Npy_RandomByteFlips() => FlipsAreCleanErrorsOrParses("dense_f8_le.npy");

    [Property(MaxTest = 150)]
    public Property NpyFortranBigEndian_RandomByteFlips() => FlipsAreCleanErrorsOrParses("dense_f4_be_fortran.npy");

    [Property(MaxTest = 150)]
    public Property NpzDeflated_RandomByteFlips() => FlipsAreCleanErrorsOrParses("sparse_csr.npz");

    [Property(MaxTest = 150)]
    public Property NpzStored_RandomByteFlips() => FlipsAreCleanErrorsOrParses("sparse_csr_stored.npz");

    [Property(MaxTest = 150)]
    public Property MatrixMarket_RandomByteFlips() => FlipsAreCleanErrorsOrParses("mm_coord_real.mtx");

    [Property(MaxTest = 100)]
    public Property MatrixMarketArray_RandomByteFlips() => FlipsAreCleanErrorsOrParses("mm_array_symmetric.mtx");

    [Property(MaxTest = 100)]
    public Property Csv_RandomByteFlips() => FlipsAreCleanErrorsOrParses("dense_header.csv");

    [Property(MaxTest = 200)]
    public Property NpyHeader_LyingShapes_AreCleanErrorsOrParses() =>
        Prop.ForAll(Gen.Choose(0, 1 << 20).ToArbitrary(), Gen.Elements(0L, 1L, 3L, 4L, 12L, 65536L, 1L << 31, 1L << 40, long.MaxValue / 3).ToArbitrary(),
            (rows, cols) =>
            {
                string dict = $"{{'descr': '<f8', 'fortran_order': False, 'shape': ({rows}, {cols}), }}";
                var bytes = NpyMalformedTests.Npy(dict, NpyMalformedTests.Doubles(12));
                string? error = ReadOutcome("x.npy", bytes);
                Assert.Equal(error is null, (Int128)rows * cols == 12);
            });

    [Property(MaxTest = 200)]
    public Property MatrixMarket_LyingSizeLines_AreCleanErrorsOrParses() =>
        Prop.ForAll(Gen.Elements(0L, 1L, 4L, 5L, 6L, 7L, 100L, 1L << 31, 1L << 33).ToArbitrary(),
            Gen.Elements(0L, 1L, 5L, 6L, 7L, 1000L, 1L << 31).ToArbitrary(), Gen.Elements(0L, 6L, 7L, 8L, 1000L, 1L << 40).ToArbitrary(),
            (rows, cols, entries) =>
            {
                string body = string.Join('\n', File.ReadAllLines(IoFixtures.Path("mm_coord_real.mtx")).Skip(3));
                string text = $"%%MatrixMarket matrix coordinate real general\n{rows} {cols} {entries}\n{body}\n";
                string? error = ReadOutcome("x.mtx", System.Text.Encoding.ASCII.GetBytes(text));
                Assert.Equal(error is null, rows >= 5 && cols >= 6 && rows < int.MaxValue && cols < int.MaxValue && entries == 7);
            });

    [Fact]
    public void NpzMemberDeclaringAnImpossibleSize_IsRefusedBeforeReading()
    {
        // A zip whose data member's local and central headers claim 4 GB uncompressed from a few compressed bytes.
        byte[] bytes = Fixture("sparse_csr.npz");
        using var ms = new MemoryStream();
        ms.Write(bytes);
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Read, leaveOpen: true))
            Assert.NotNull(zip.GetEntry("data.npy"));
        // Patch every "uncompressed size" field of data.npy's headers to 0xFFFFFFF0.
        byte[] patched = PatchUncompressedSize(bytes, "data.npy", 0xFFFF_FFF0);
        string? error = ReadOutcome("x.npz", patched);
        Assert.NotNull(error);
    }

    private static byte[] PatchUncompressedSize(byte[] zip, string member, uint size)
    {
        var copy = (byte[])zip.Clone();
        byte[] name = System.Text.Encoding.ASCII.GetBytes(member);
        for (int p = 0; p + 46 < copy.Length; p++)
        {
            uint sig = BitConverter.ToUInt32(copy, p);
            if (sig == 0x04034b50 && copy.AsSpan(p + 30, name.Length).SequenceEqual(name))
                BitConverter.TryWriteBytes(copy.AsSpan(p + 22), size);
            if (sig == 0x02014b50 && copy.AsSpan(p + 46, name.Length).SequenceEqual(name))
                BitConverter.TryWriteBytes(copy.AsSpan(p + 24), size);
        }
        return copy;
    }

    private static int HeaderEnd(byte[] npy) => npy[6] == 1 ? 10 + BitConverter.ToUInt16(npy, 8) : 12 + (int)BitConverter.ToUInt32(npy, 8);
}
