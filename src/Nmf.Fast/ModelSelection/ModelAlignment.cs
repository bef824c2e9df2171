// Align(modelA, modelB): matches two models' components one-to-one (Hungarian algorithm on cosine similarity).
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.ModelSelection;

/// <summary>
/// Matches the components of two factorizations (two restarts, two ranks, two libraries) so they can be compared:
/// the one-to-one matching that maximises the summed cosine similarity, found exactly by the Hungarian algorithm
/// (Kuhn 1955) in O(k³). Cosine similarity ignores each component's scale, so no normalisation is needed first.
/// </summary>
public static class ModelAlignment
{
    /// <summary>Matches the components (rows of H) of two models fitted on the same features.</summary>
    /// <param name="first">The reference model.</param>
    /// <param name="second">The model whose components are matched to <paramref name="first"/>'s.</param>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <exception cref="ArgumentException">The models have a different number of features.</exception>
    public static ComponentAlignment Align<T>(NmfModel<T> first, NmfModel<T> second) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return Align(first.Components.AsReadOnlyMatrixSpan(), second.Components.AsReadOnlyMatrixSpan());
    }

    /// <inheritdoc cref="Align{T}(NmfModel{T}, NmfModel{T})"/>
    public static ComponentAlignment Align<T>(NmfResult<T> first, NmfResult<T> second) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return Align(first.Model, second.Model);
    }

    /// <summary>Matches the rows of two component matrices (k₁×n and k₂×n; each row is one component).</summary>
    /// <param name="first">k₁×n, one component per row.</param>
    /// <param name="second">k₂×n, one component per row.</param>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <exception cref="ArgumentException">The matrices have a different number of columns, or hold a NaN or infinity.</exception>
    public static ComponentAlignment Align<T>(ReadOnlyMatrixSpan<T> first, ReadOnlyMatrixSpan<T> second) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (first.Cols != second.Cols)
            throw new ArgumentException($"The components have {first.Cols} and {second.Cols} features; they must be fitted on the same features.", nameof(second));
        int k1 = first.Rows, k2 = second.Rows;
        var similarity = CosineSimilarities(first, second);

        // The Hungarian method assigns the shorter side; cost = −similarity turns the maximisation into its minimisation.
        bool transposed = k1 > k2;
        int rows = transposed ? k2 : k1, cols = transposed ? k1 : k2;
        var cost = new double[rows * cols];
        for (int i = 0; i < k1; i++)
            for (int j = 0; j < k2; j++)
                cost[transposed ? j * cols + i : i * cols + j] = -similarity[i * k2 + j];
        var assigned = new int[rows];
        HungarianAssignment.Solve(cost, rows, cols, assigned);

        var permutation = new int[k1];
        Array.Fill(permutation, -1);
        for (int r = 0; r < rows; r++)
        {
            if (transposed) permutation[assigned[r]] = r;
            else permutation[r] = assigned[r];
        }
        var similarities = new double[k1];
        for (int i = 0; i < k1; i++)
            if (permutation[i] >= 0) similarities[i] = similarity[i * k2 + permutation[i]];
        return new ComponentAlignment(permutation, similarities);
    }

    /// <summary>The k₁×k₂ cosine similarities of the rows (0 where a row is zero), row-major.</summary>
    private static double[] CosineSimilarities<T>(ReadOnlyMatrixSpan<T> first, ReadOnlyMatrixSpan<T> second) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k1 = first.Rows, k2 = second.Rows;
        var norms1 = new double[k1];
        var norms2 = new double[k2];
        for (int i = 0; i < k1; i++) norms1[i] = CanonicalForm.Norm(first.Row(i), ComponentNorm.L2);
        for (int j = 0; j < k2; j++) norms2[j] = CanonicalForm.Norm(second.Row(j), ComponentNorm.L2);
        foreach (double norm in norms1) RequireFinite(norm, nameof(first));
        foreach (double norm in norms2) RequireFinite(norm, nameof(second));
        var similarity = new double[k1 * k2];
        for (int i = 0; i < k1; i++)
        {
            var a = first.Row(i);
            for (int j = 0; j < k2; j++)
            {
                if (norms1[i] == 0 || norms2[j] == 0) continue;
                var b = second.Row(j);
                double dot = 0;
                for (int p = 0; p < a.Length; p++) dot += double.CreateTruncating(a[p]) * double.CreateTruncating(b[p]);
                // Clamp rounding: a vector's similarity with a multiple of itself must read exactly 1, not 1 + ε.
                similarity[i * k2 + j] = Math.Clamp(dot / (norms1[i] * norms2[j]), -1.0, 1.0);
            }
        }
        return similarity;
    }

    private static void RequireFinite(double norm, string parameter)
    {
        if (!double.IsFinite(norm)) throw new ArgumentException("The components hold a NaN or an infinity (or overflow in their norm).", parameter);
    }
}
