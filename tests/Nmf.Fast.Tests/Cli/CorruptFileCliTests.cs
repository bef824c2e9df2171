// Every corrupted file of CorruptFileTests, run through `nmf fit` in process: exit 2 with one stderr line naming the
// file, or exit 0 for a correct parse — never an internal error (exit 1), an escaped exception, a hang or an allocation bomb.
using Nmf.Fast.IO;
using Nmf.Fast.Tests.IO;

namespace Nmf.Fast.Tests.Cli;

/// <summary>
/// Inherits every truncation, byte-flip and lying-header property of <see cref="CorruptFileTests"/> and replaces its
/// reader call with the CLI's entry point (<c>Program.Main</c>), so the same corrupted bytes go through the command's
/// whole reading path: format dispatch, the readers, the fit's input validation and the exit-code mapping.
/// </summary>
[Collection(ConsoleCaptureCollection.Name)]
public sealed class CorruptFileCliTests : CorruptFileTests
{
    private protected override string? ReadOutcome(string source, byte[] bytes)
    {
        string path = _tmp.Write("case" + Path.GetExtension(source), bytes);
        if (DeclaresAHugeValidShape(path)) return null;
        string[] args = ["fit", path, "--rank", "1", "--max-iter", "1", "--seed", "0", "--threads", "1", "--quiet", .. Path.GetExtension(source) == ".csv" ? ["--header"] : Array.Empty<string>()];
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var (oldOut, oldError) = (Console.Out, Console.Error);
        int exit = -1;
        long allocated = 0;
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var task = Task.Run(() =>
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    exit = Nmf.Fast.Cli.Program.Main(args);
                }
                finally
                {
                    allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                }
            });
            Assert.True(task.Wait(HangLimit), $"nmf fit on a corrupted {source} hung");
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
        string error = stderr.ToString().Trim();
        Assert.True(exit is 0 or 2, $"nmf fit on a corrupted {source} exited {exit}: {error}");
        Assert.True(allocated < AllocationLimit, $"nmf fit on a corrupted {source} allocated {allocated} bytes");
        if (exit == 0) return null;
        Assert.StartsWith("nmf: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
        Assert.Contains(path, error, StringComparison.Ordinal);
        return error;
    }

    [Fact]
    public void ErrorQuotingANewlineFromTheFile_StaysOneLine()
    {
        // Four flips (System.Random(3839)) turn the npz's format member into "\ncs"; the reader quotes it in its message.
        byte[] bytes = File.ReadAllBytes(IoFixtures.Path("sparse_csr.npz"));
        var rng = new Random(3839);
        for (int f = 0; f < 4; f++)
        {
            int at = rng.Next(2) == 0 ? rng.Next(Math.Min(256, bytes.Length)) : rng.Next(bytes.Length);
            bytes[at] ^= (byte)(1 << rng.Next(8));
        }
        string? error = ReadOutcome("x.npz", bytes);
        Assert.NotNull(error);
        Assert.Contains("'\\ncs'", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// A flip can turn a file into another valid one with a huge declared shape (e.g. 5×33554438 with 7 entries); fitting
    /// it legitimately needs factors of that size, which is not what these properties are about (see the base class).
    /// </summary>
    private static bool DeclaresAHugeValidShape(string path)
    {
        try
        {
            var x = MatrixFile.ReadSparse<double>(path, csvHeader: true);
            return ((long)x.Rows + x.Cols) * sizeof(double) * 8 > AllocationLimit / 2;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}

/// <summary>Tests that redirect <see cref="Console"/> (process-wide) run alone, not beside other test classes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCaptureCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Console capture";
}
