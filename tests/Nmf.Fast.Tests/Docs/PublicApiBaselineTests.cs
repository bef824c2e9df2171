// The public API of Nmf.Fast and Nmf.Fast.IO equals the committed baseline in api/: an accidental change of the surface fails the tests.
using System.Reflection;
using Nmf.Fast.IO;

namespace Nmf.Fast.Tests.Docs;

public class PublicApiBaselineTests
{
    /// <summary>Set to 1 to rewrite api/*.txt from the built assemblies instead of comparing (scripts/update-api-baseline.sh).</summary>
    public const string UpdateVariable = "NMF_UPDATE_API_BASELINE";

    public static TheoryData<string> Assemblies => new() { "Nmf.Fast", "Nmf.Fast.IO" };

    private static Assembly Load(string name) => name switch
    {
        "Nmf.Fast" => typeof(NonNegativeMatrixFactorization).Assembly,
        "Nmf.Fast.IO" => typeof(ModelFile).Assembly,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a packaged assembly"),
    };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void PublicApi_MatchesCommittedBaseline(string assemblyName)
    {
        string actual = PublicApiListing.Of(Load(assemblyName));
        string path = RepositoryFiles.PathOf("api", assemblyName + ".txt");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        string expected = File.Exists(path) ? RepositoryFiles.ReadText("api", assemblyName + ".txt") : "";
        if (expected == actual) return;

        var expectedLines = expected.Split('\n').ToHashSet(StringComparer.Ordinal);
        var actualLines = actual.Split('\n').ToHashSet(StringComparer.Ordinal);
        var removed = expectedLines.Except(actualLines).Select(l => "- " + l);
        var added = actualLines.Except(expectedLines).Select(l => "+ " + l);
        Assert.Fail($"The public API of {assemblyName} differs from api/{assemblyName}.txt (removed -, added +):\n"
            + string.Join('\n', removed.Concat(added))
            + $"\nIf the change is intended, run scripts/update-api-baseline.sh and commit api/ (see docs/api.md).");
    }
}
