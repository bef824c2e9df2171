// Opens input files with exceptions that name the path: missing file, directory, permissions, non-regular file.
namespace Nmf.Fast.IO;

internal static class SafeFile
{
    /// <summary>Opens <paramref name="path"/> for sequential reading; the stream is seekable and has a length.</summary>
    /// <exception cref="FileNotFoundException">The file (or its folder) does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read with the current permissions.</exception>
    /// <exception cref="InvalidDataException">The path is a directory or not a regular file.</exception>
    public static FileStream OpenRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0) throw new ArgumentException("The file path is empty.", nameof(path));
        if (Directory.Exists(path)) throw new InvalidDataException($"{path}: is a directory, not a file.");
        // Checked before opening: a named pipe (length 0) would block open() until a writer appears.
        var info = new FileInfo(path);
        if (info.Exists && info.Length == 0) throw new InvalidDataException($"{path}: the file is empty (or not a regular file).");
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException e)
        {
            throw new FileNotFoundException($"{path}: no such file.", path, e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new FileNotFoundException($"{path}: no such file (its folder does not exist).", path, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException($"{path}: permission denied; the file cannot be read.", e);
        }
        if (!stream.CanSeek)
        {
            stream.Dispose();
            throw new InvalidDataException($"{path}: is not a regular file (pipes and devices are not supported).");
        }
        return stream;
    }
}
