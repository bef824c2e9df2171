// One merge of a hierarchical clustering: two clusters joined at a height.
namespace Nmf.Fast.ModelSelection;

/// <summary>
/// Merge s of a <see cref="Dendrogram"/> over n items, in SciPy's linkage convention: clusters 0..n−1 are the items,
/// merge s creates cluster n + s from <paramref name="Left"/> and <paramref name="Right"/> (Left &lt; Right).
/// </summary>
/// <param name="Left">The smaller id of the two clusters joined.</param>
/// <param name="Right">The larger id.</param>
/// <param name="Height">The distance at which they were joined (for average linkage, the mean distance between their items).</param>
/// <param name="Size">The number of items in the new cluster.</param>
public readonly record struct DendrogramMerge(int Left, int Right, double Height, int Size);
