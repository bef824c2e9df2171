// Locates files of the repository (README.md, api/, CHANGELOG.md) from the test binaries, for the documentation checks.
namespace Nmf.Fast.Tests.Docs;

internal static class RepositoryFiles
{
    /// <summary>The repository root: the nearest folder above the test binaries holding NmfFast.sln.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "NmfFast.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("Repository root (NmfFast.sln) not found above " + AppContext.BaseDirectory);
        }
    }

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Text with line endings normalised to \n (a checkout with autocrlf must not fail the comparisons).</summary>
    public static string ReadText(params string[] parts) => File.ReadAllText(PathOf(parts)).ReplaceLineEndings("\n");
}
