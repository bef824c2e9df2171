// One version everywhere: `nmf --version`, the library assemblies and the latest release in CHANGELOG.md.
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nmf.Fast.IO;
using Nmf.Fast.Tests.Cli;

namespace Nmf.Fast.Tests.Docs;

public partial class VersionTests
{
    [GeneratedRegex(@"^## \[(?<version>\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\] - \d{4}-\d{2}-\d{2}$", RegexOptions.Multiline)]
    private static partial Regex ReleaseHeading();

    /// <summary>The version of the newest release heading ("## [x.y.z] - date") of CHANGELOG.md.</summary>
    private static string LatestChangelogRelease()
    {
        var match = ReleaseHeading().Match(RepositoryFiles.ReadText("CHANGELOG.md"));
        Assert.True(match.Success, "CHANGELOG.md has no release heading '## [x.y.z] - yyyy-mm-dd'");
        return match.Groups["version"].Value;
    }

    /// <summary>The SemVer version without build metadata (the "+commit" the SDK appends).</summary>
    private static string WithoutBuildMetadata(string version) => version.Split('+')[0];

    [Fact]
    public void NmfVersion_IsTheLatestChangelogRelease()
    {
        var json = CliRunner.Run("--version", "--json");
        Assert.Equal(0, json.ExitCode);
        using var document = JsonDocument.Parse(json.StdOut);
        string version = document.RootElement.GetProperty("version").GetString()!;
        Assert.Equal(LatestChangelogRelease(), WithoutBuildMetadata(version));

        var text = CliRunner.Run("--version");
        Assert.StartsWith($"nmf {version} ", text.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(NonNegativeMatrixFactorization))]
    [InlineData(typeof(ModelFile))]
    public void LibraryVersion_IsTheLatestChangelogRelease(Type typeInAssembly)
    {
        string? informational = typeInAssembly.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        Assert.NotNull(informational);
        Assert.Equal(LatestChangelogRelease(), WithoutBuildMetadata(informational));
    }

    [Fact]
    public void Changelog_EveryReleaseHasALinkReference()
    {
        string changelog = RepositoryFiles.ReadText("CHANGELOG.md");
        foreach (Match release in ReleaseHeading().Matches(changelog))
            Assert.Contains($"\n[{release.Groups["version"].Value}]: ", changelog, StringComparison.Ordinal);
    }
}
