// The optimal one-to-one matching of two models' components and the cosine similarity of each matched pair.
namespace Nmf.Fast.ModelSelection;

/// <summary>
/// What <see cref="ModelAlignment.Align{T}(NmfModel{T}, NmfModel{T})"/> returns: component i of the first model is
/// matched to component <see cref="Permutation"/>[i] of the second, with cosine similarity <see cref="Similarities"/>[i];
/// the matching maximises the total similarity.
/// </summary>
public sealed class ComponentAlignment
{
    internal ComponentAlignment(int[] permutation, double[] similarities)
    {
        Permutation = permutation;
        Similarities = similarities;
        double sum = 0;
        int matched = 0;
        foreach (int p in permutation) matched += p >= 0 ? 1 : 0;
        foreach (double s in similarities) sum += s;
        MeanSimilarity = matched == 0 ? 0 : sum / matched;
    }

    /// <summary>For each component i of the first model, the index of its match in the second, or −1 when the first has more components and i is left unmatched.</summary>
    public IReadOnlyList<int> Permutation { get; }

    /// <summary>Cosine similarity (in [0, 1] for non-negative components) of component i and its match; 0 when unmatched or when either is zero.</summary>
    public IReadOnlyList<double> Similarities { get; }

    /// <summary>The mean of <see cref="Similarities"/> over matched components: 1 when the models have the same components.</summary>
    public double MeanSimilarity { get; }
}
