// Test helpers: paths of the NumPy/SciPy-made fixtures, a self-deleting temp folder, and the fixtures' formula.
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.IO;

internal static class IoFixtures
{
    /// <summary>Full path of a fixture under Fixtures/io (copied to the test output folder).</summary>
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "io", name);

    /// <summary>The 3×4 base matrix of the dense fixtures: 10·i + j (+ 0.5 for float dtypes).</summary>
    public static double Base(int i, int j, bool isFloat) => 10 * i + j + (isFloat ? 0.5 : 0.0);

    public static void AssertSameMatrix<T>(Matrix<T> expected, Matrix<T> actual) where T : unmanaged
    {
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Cols, actual.Cols);
        Assert.Equal(expected.AsSpan().ToArray(), actual.AsSpan().ToArray());
    }
}

/// <summary>A unique folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Root { get; } = Directory.CreateDirectory(
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nmf-io-tests", Guid.NewGuid().ToString("N"))).FullName;

    public string File(string name) => System.IO.Path.Combine(Root, name);

    public string Write(string name, byte[] bytes)
    {
        string p = File(name);
        System.IO.File.WriteAllBytes(p, bytes);
        return p;
    }

    public string WriteText(string name, string text)
    {
        string p = File(name);
        System.IO.File.WriteAllText(p, text);
        return p;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
