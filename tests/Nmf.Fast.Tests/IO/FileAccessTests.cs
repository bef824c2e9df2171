// Missing files, directories, permissions and outputs: clear exceptions naming the path, atomic writes, no overwrite by default.
using Nmf.Fast.IO;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.IO;

public class FileAccessTests
{
    [Theory]
    [InlineData("missing.npy")]
    [InlineData("missing.csv")]
    [InlineData("missing.mtx")]
    [InlineData("missing.npz")]
    [InlineData("missing.weird")]
    [InlineData("no-such-folder/x.npy")]
    public void MissingFile_ThrowsFileNotFoundNamingThePath(string name)
    {
        using var tmp = new TempFolder();
        string path = tmp.File(name);
        var e = Assert.Throws<FileNotFoundException>(() => MatrixFile.ReadDense<double>(path));
        Assert.Contains(path, e.Message);
        Assert.Equal(path, e.FileName);
    }

    [Theory]
    [InlineData("dir.npy")]
    [InlineData("dir.csv")]
    [InlineData("dir.mtx")]
    [InlineData("dir.npz")]
    [InlineData("dir")]
    public void Directory_WhereAFileIsExpected_IsRefusedNamingThePath(string name)
    {
        using var tmp = new TempFolder();
        string path = Directory.CreateDirectory(tmp.File(name)).FullName;
        var e = Assert.Throws<InvalidDataException>(() => MatrixFile.ReadSparse<double>(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("is a directory", e.Message);
    }

    [Fact]
    public void UnknownExtension_IsRefused()
    {
        using var tmp = new TempFolder();
        string path = tmp.WriteText("data.bin", "1,2");
        var e = Assert.Throws<InvalidDataException>(() => MatrixFile.ReadDense<double>(path));
        Assert.Contains("unknown file type '.bin'", e.Message);
    }

    [Fact]
    public void UnreadableFile_ThrowsUnauthorizedAccessNamingThePath()
    {
        if (OperatingSystem.IsWindows()) return;
        using var tmp = new TempFolder();
        string path = tmp.WriteText("secret.csv", "1,2\n");
        File.SetUnixFileMode(path, UnixFileMode.None);
        try
        {
            using (File.OpenRead(path))
            {
                // Running as root: permissions are not enforced, so there is nothing to observe here.
                return;
            }
        }
        catch (UnauthorizedAccessException)
        {
        }
        var e = Assert.Throws<UnauthorizedAccessException>(() => MatrixFile.ReadDense<double>(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void ExistingOutput_IsNotOverwrittenUnlessAsked_AndNoTemporaryIsLeft()
    {
        using var tmp = new TempFolder();
        string path = tmp.WriteText("W.npy", "precious");
        var m = Matrix<float>.FromArray(new[,] { { 1f, 2f } });
        var e = Assert.Throws<IOException>(() => MatrixFile.WriteNpy(path, m.AsReadOnlyMatrixSpan()));
        Assert.Contains(path, e.Message);
        Assert.Contains("already exists", e.Message);
        Assert.Equal("precious", File.ReadAllText(path));
        MatrixFile.WriteNpy(path, m.AsReadOnlyMatrixSpan(), overwrite: true);
        IoFixtures.AssertSameMatrix(m, MatrixFile.ReadDense<float>(path));
        Assert.Equal(new[] { path }, Directory.GetFileSystemEntries(tmp.Root));
    }

    [Fact]
    public void InterruptedWrite_LeavesNeitherTargetNorTemporary()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("H.npy");
        using (var file = AtomicFile.Create(path, overwrite: false))
        {
            file.Stream.Write(new byte[1000]);
            Assert.False(File.Exists(path));
            // No Commit: the writer "crashes" here.
        }
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Root));
    }

    [Fact]
    public void InterruptedOverwrite_KeepsTheOldFile()
    {
        using var tmp = new TempFolder();
        string path = tmp.WriteText("H.npy", "old");
        using (var file = AtomicFile.Create(path, overwrite: true))
            file.Stream.Write(new byte[10]);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFileSystemEntries(tmp.Root));
    }

    [Fact]
    public void OutputIntoMissingFolderOrOntoADirectory_IsRefused()
    {
        using var tmp = new TempFolder();
        var m = new Matrix<double>(1, 1);
        var e = Assert.Throws<DirectoryNotFoundException>(() => MatrixFile.WriteNpy(tmp.File("nope/W.npy"), m.AsReadOnlyMatrixSpan()));
        Assert.Contains("nope", e.Message);
        string dir = Directory.CreateDirectory(tmp.File("W.npy")).FullName;
        var e2 = Assert.Throws<IOException>(() => MatrixFile.WriteNpy(dir, m.AsReadOnlyMatrixSpan(), overwrite: true));
        Assert.Contains("is a directory", e2.Message);
    }

    [Fact]
    public void TargetWithAMaximalLengthName_IsWrittenAtomically()
    {
        using var tmp = new TempFolder();
        string path = tmp.File(new string('w', 250) + ".npy");
        var m = Matrix<double>.FromArray(new[,] { { 1.0 } });
        MatrixFile.WriteNpy(path, m.AsReadOnlyMatrixSpan());
        IoFixtures.AssertSameMatrix(m, MatrixFile.ReadDense<double>(path));
    }

    [Fact]
    public async Task NamedPipe_IsRefusedWithoutBlocking()
    {
        if (OperatingSystem.IsWindows()) return;
        using var tmp = new TempFolder();
        string path = tmp.File("pipe.npy");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", path)) mkfifo.WaitForExit();
        if (!File.Exists(path)) return; // no mkfifo here
        var read = Task.Run(() => Assert.Throws<InvalidDataException>(() => MatrixFile.ReadDense<double>(path)));
        Assert.Same(read, await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(20))));
        Assert.Contains(path, (await read).Message);
    }
}
