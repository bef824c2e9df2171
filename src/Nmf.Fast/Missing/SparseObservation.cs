// Which entries of a sparse X a weighted fit treats as observed.
namespace Nmf.Fast.Missing;

/// <summary>What the absent entries of a CSR X mean to a fit.</summary>
public enum SparseObservation
{
    /// <summary>Every entry is observed; an absent entry is a zero (the ordinary sparse fit).</summary>
    ZerosObserved,

    /// <summary>Only the stored entries are observed; absent entries are unknown (ratings, the recommender case). Explicitly stored zeros count as observed zeros.</summary>
    StoredEntriesOnly,
}
