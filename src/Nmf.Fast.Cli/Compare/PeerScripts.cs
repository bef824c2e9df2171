// The peer scripts embedded in the nmf binary, written next to the report so every run is reproducible.
using System.Reflection;

namespace Nmf.Fast.Cli.Compare;

internal static class PeerScripts
{
    /// <summary>Writes the embedded script <paramref name="name"/> into <paramref name="directory"/> and returns its path.</summary>
    /// <exception cref="InvalidOperationException">The script is not embedded (a build problem).</exception>
    public static string Extract(string name, string directory)
    {
        using var source = Assembly.GetExecutingAssembly().GetManifestResourceStream("peers/" + name)
            ?? throw new InvalidOperationException($"peer script '{name}' is not embedded in this build of nmf");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, name);
        using (var target = File.Create(path)) source.CopyTo(target);
        return path;
    }
}
