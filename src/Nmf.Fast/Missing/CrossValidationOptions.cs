// The settings of cross-validated rank selection: folds, draws, seed, choice rule, warm starts.
namespace Nmf.Fast.Missing;

/// <summary>How <see cref="RankSelection"/> holds out entries and chooses.</summary>
public sealed record CrossValidationOptions
{
    /// <summary>F: each draw holds out 1/F of the entries (at least 2). Default 5.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Hold-out draws per rank; the first F are the F disjoint folds of one pattern. Default: <see cref="Folds"/>.</summary>
    public int? Draws { get; init; }

    /// <summary>Seed of the hold-out patterns (the fits use <see cref="NmfOptions.Seed"/>, or this seed when that is null). Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>How the rank is chosen from the test errors. Default <see cref="RankChoiceRule.OneStandardError"/>.</summary>
    public RankChoiceRule Rule { get; init; } = RankChoiceRule.OneStandardError;

    /// <summary>
    /// Start rank k + 1 from the factors of rank k plus one new component (its W column and H row set to √(mean/k) / 10
    /// times uniform noise) when the ranks are consecutive. Default false: independent starts; see docs/missing-values.md.
    /// </summary>
    public bool WarmStart { get; init; }

    /// <summary>The number of draws used: <see cref="Draws"/> or <see cref="Folds"/>.</summary>
    public int EffectiveDraws => Draws ?? Folds;
}
