// Reads the scikit-learn init fixtures written by Fixtures/scripts/make_init_fixtures.py.
using System.Runtime.InteropServices;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Init;

/// <summary>One fixture case: X and scikit-learn's two outputs (W, H — or U·S, Vt for randomized_svd files).</summary>
internal sealed class InitFixture<T> where T : unmanaged
{
    public required string Name { get; init; }
    public required int Seed { get; init; }
    public required Matrix<T> X { get; init; }
    public required Matrix<T> First { get; init; }
    public required Matrix<T> Second { get; init; }
    public Matrix<T>? Third { get; init; }

    public static IEnumerable<string> Names(string prefix, string dtype) =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "init"), $"{prefix}_{dtype}_*.bin")
            .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static InitFixture<T> Load(string name, bool svd = false)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "init", name));
        ReadOnlySpan<int> header = MemoryMarshal.Cast<byte, int>(bytes.AsSpan(0, 16));
        int m = header[0], n = header[1], k = header[2], seed = header[3];
        T[] values = MemoryMarshal.Cast<byte, T>(bytes.AsSpan(16)).ToArray();
        int offset = 0;
        Matrix<T> Take(int rows, int cols)
        {
            var result = new Matrix<T>(rows, cols, values.AsSpan(offset, rows * cols));
            offset += rows * cols;
            return result;
        }
        var x = Take(m, n);
        var first = Take(m, k);
        var second = svd ? Take(1, k) : Take(k, n);
        var third = svd ? Take(k, n) : null;
        if (offset != values.Length) throw new InvalidDataException($"{name}: {values.Length - offset} trailing values.");
        return new InitFixture<T> { Name = name, Seed = seed, X = x, First = first, Second = second, Third = third };
    }
}
