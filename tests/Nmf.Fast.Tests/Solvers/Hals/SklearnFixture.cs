// Loads one scikit-learn cross-check fixture (Fixtures/sklearn/*.json, written by make_solver_fixtures.py).
using System.Text.Json;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Solvers.Hals;

internal sealed class SklearnFixture
{
    public required string Name { get; init; }
    public required string DType { get; init; }
    public required double Tolerance { get; init; }
    public required int MaxIterations { get; init; }
    public required double AlphaW { get; init; }
    public required double? AlphaH { get; init; }
    public required double L1Ratio { get; init; }
    public required Matrix<double> X { get; init; }
    public required Matrix<double> W0 { get; init; }
    public required Matrix<double> H0 { get; init; }
    public required Matrix<double> W { get; init; }
    public required Matrix<double> H { get; init; }
    public required int Iterations { get; init; }
    public required double ReconstructionError { get; init; }
    public required Matrix<double> XNew { get; init; }
    public required Matrix<double> WNew { get; init; }

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures", "sklearn");

    public static IEnumerable<string> Names(string prefix) =>
        System.IO.Directory.GetFiles(Directory, prefix + "*.json").Select(Path.GetFileNameWithoutExtension).Order().Select(n => n!);

    public static SklearnFixture Load(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, name + ".json")));
        var root = doc.RootElement;
        return new SklearnFixture
        {
            Name = name,
            DType = root.GetProperty("dtype").GetString()!,
            Tolerance = root.GetProperty("tol").GetDouble(),
            MaxIterations = root.GetProperty("max_iter").GetInt32(),
            AlphaW = root.GetProperty("alpha_W").GetDouble(),
            AlphaH = root.GetProperty("alpha_H").ValueKind == JsonValueKind.Null ? null : root.GetProperty("alpha_H").GetDouble(),
            L1Ratio = root.GetProperty("l1_ratio").GetDouble(),
            X = ReadMatrix(root.GetProperty("X")),
            W0 = ReadMatrix(root.GetProperty("W0")),
            H0 = ReadMatrix(root.GetProperty("H0")),
            W = ReadMatrix(root.GetProperty("W")),
            H = ReadMatrix(root.GetProperty("H")),
            Iterations = root.GetProperty("n_iter").GetInt32(),
            ReconstructionError = root.GetProperty("reconstruction_err").GetDouble(),
            XNew = ReadMatrix(root.GetProperty("Xnew")),
            WNew = ReadMatrix(root.GetProperty("Wnew")),
        };
    }

    public NmfOptions Options => new()
    {
        Rank = W0.Cols,
        Solver = NmfSolver.Hals,
        Init = NmfInit.Custom,
        InitialW = W0,
        InitialH = H0,
        MaxIterations = MaxIterations,
        Tolerance = Tolerance,
        AlphaW = AlphaW,
        AlphaH = AlphaH,
        L1Ratio = L1Ratio,
    };

    private static Matrix<double> ReadMatrix(JsonElement rows)
    {
        int m = rows.GetArrayLength();
        int n = m == 0 ? 0 : rows[0].GetArrayLength();
        var a = new Matrix<double>(m, n);
        int i = 0;
        foreach (var row in rows.EnumerateArray())
        {
            int j = 0;
            foreach (var v in row.EnumerateArray()) a[i, j++] = v.GetDouble();
            i++;
        }
        return a;
    }
}
