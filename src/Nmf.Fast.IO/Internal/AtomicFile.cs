// Writes an output file through a temporary sibling that is renamed into place only when complete.
namespace Nmf.Fast.IO;

/// <summary>
/// A file being written atomically: content goes to a hidden temporary file in the target folder, and
/// <see cref="Commit"/> flushes it to disk and renames it over the target (same file system, so the rename is
/// atomic). Disposing without committing deletes the temporary file, so an interrupted or failed write never
/// leaves a half-written output. Existing targets are refused unless <c>overwrite</c> is set.
/// </summary>
internal sealed class AtomicFile : IDisposable
{
    private readonly string _path;
    private readonly string _target;
    private readonly string _temporary;
    private readonly bool _overwrite;
    private bool _committed;

    /// <summary>The stream to write the content to.</summary>
    public FileStream Stream { get; }

    private AtomicFile(string path, string target, string temporary, bool overwrite, FileStream stream)
    {
        _path = path;
        _target = target;
        _temporary = temporary;
        _overwrite = overwrite;
        Stream = stream;
    }

    /// <exception cref="IOException">The target exists (and overwrite is false), is a directory, or its folder is missing.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    public static AtomicFile Create(string path, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0) throw new ArgumentException("The output path is empty.", nameof(path));
        string target = Path.GetFullPath(path);
        if (Directory.Exists(target)) throw new IOException($"{path}: is a directory; cannot write a file there.");
        if (!overwrite && File.Exists(target))
            throw new IOException($"{path}: already exists; refusing to overwrite it (use overwrite / --force).");
        string folder = Path.GetDirectoryName(target) ?? ".";
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{path}: the folder '{folder}' does not exist.");
        // Hidden, unique, and short enough for NAME_MAX (255) even when the target's own name is long.
        string name = Path.GetFileName(target);
        if (name.Length > 200) name = name[..200];
        string temporary = Path.Combine(folder, $".{name}.{Path.GetRandomFileName()}.tmp");
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
            return new AtomicFile(path, target, temporary, overwrite, stream);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException($"{path}: permission denied; cannot create a file in '{folder}'.", e);
        }
    }

    /// <summary>Flushes the content to disk and renames the temporary file onto the target.</summary>
    public void Commit()
    {
        Stream.Flush(flushToDisk: true);
        Stream.Dispose();
        try
        {
            File.Move(_temporary, _target, _overwrite);
        }
        catch (IOException e) when (!_overwrite && File.Exists(_target))
        {
            throw new IOException($"{_path}: already exists; refusing to overwrite it (use overwrite / --force).", e);
        }
        _committed = true;
    }

    /// <summary>Deletes the temporary file unless <see cref="Commit"/> succeeded.</summary>
    public void Dispose()
    {
        if (_committed) return;
        Stream.Dispose();
        try
        {
            File.Delete(_temporary);
        }
        catch (IOException)
        {
            // Best effort: the temporary name is hidden and unique, and the target was never touched.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
