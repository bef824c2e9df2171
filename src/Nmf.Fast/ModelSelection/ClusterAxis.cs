// Whether a factorization clusters the rows of X (samples × features) or its columns (Brunet's genes × samples).
namespace Nmf.Fast.ModelSelection;

/// <summary>Which items of X the consensus clustering groups.</summary>
public enum ClusterAxis
{
    /// <summary>The rows (X is samples × features, scikit-learn's orientation): row i goes to its dominant component in W.</summary>
    Rows,

    /// <summary>The columns (X is genes × samples, Brunet et al.'s orientation): column j goes to its dominant component in H.</summary>
    Columns,
}
