// The cross-validation errors of one candidate rank: mean and standard error over draws, train and test.
namespace Nmf.Fast.Missing;

/// <summary>
/// Errors of one rank in <see cref="RankSelection.CrossValidate{T}(Memory.Matrix{T}, IReadOnlyList{int}, CrossValidationOptions, NmfOptions, NmfWeights{T}?, IProgress{RankScore}?, CancellationToken)"/>.
/// An error is the relative root-mean-square error √(Σ(x − (WH))² / Σx²) over the entries in question.
/// </summary>
/// <param name="Rank">The rank k.</param>
/// <param name="TrainError">Mean over draws of the error on the entries the fit saw.</param>
/// <param name="TrainStandardError">Standard error of that mean (sample standard deviation / √draws; 0 for one draw).</param>
/// <param name="TestError">Mean over draws of the error on the held-out entries.</param>
/// <param name="TestStandardError">Standard error of that mean.</param>
/// <param name="TestErrors">The test error of every draw, in draw order.</param>
public sealed record RankScore(int Rank, double TrainError, double TrainStandardError, double TestError, double TestStandardError, IReadOnlyList<double> TestErrors);
