// The outcome of cross-validated rank selection: per-rank scores, the chosen and the lowest-error rank.
namespace Nmf.Fast.Missing;

/// <summary>What <see cref="RankSelection.CrossValidate{T}(Memory.Matrix{T}, IReadOnlyList{int}, CrossValidationOptions, NmfOptions, NmfWeights{T}?, IProgress{RankScore}?, CancellationToken)"/> returns.</summary>
/// <param name="Scores">One score per candidate rank, in increasing rank.</param>
/// <param name="ChosenRank">The rank picked by <paramref name="Rule"/>.</param>
/// <param name="LowestErrorRank">The rank with the lowest mean test error.</param>
/// <param name="Rule">The rule applied.</param>
/// <param name="Folds">F (each draw held out 1/F of the entries).</param>
/// <param name="Draws">Hold-out draws per rank.</param>
public sealed record RankSelectionResult(IReadOnlyList<RankScore> Scores, int ChosenRank, int LowestErrorRank, RankChoiceRule Rule, int Folds, int Draws);
