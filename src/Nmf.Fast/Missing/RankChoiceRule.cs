// How cross-validated rank selection picks a rank from the mean test errors.
namespace Nmf.Fast.Missing;

/// <summary>The rule that turns per-rank test errors into one rank.</summary>
public enum RankChoiceRule
{
    /// <summary>The smallest rank whose mean test error is at most the lowest mean plus that rank's standard error (the "one standard error" rule of Breiman et al. 1984; Hastie, Tibshirani &amp; Friedman, ESL §7.10).</summary>
    OneStandardError,

    /// <summary>The rank with the lowest mean test error.</summary>
    MinimumTestError,
}
