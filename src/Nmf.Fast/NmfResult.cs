// The outcome of a fit: factors, iteration count, convergence, errors, loss trace and the seed used.
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast;

/// <summary>What <see cref="NonNegativeMatrixFactorization.Fit{T}(Matrix{T}, NmfOptions, IProgress{NmfProgress}?, CancellationToken)"/> returns.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class NmfResult<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal NmfResult(Matrix<T> w, NmfModel<T> model, int iterations, bool converged, double reconstructionError,
        double relativeError, IReadOnlyList<NmfProgress> trace, int seed, NmfInit init, TimeSpan elapsed, TimeSpan solverElapsed)
    {
        W = w;
        Model = model;
        Iterations = iterations;
        Converged = converged;
        ReconstructionError = reconstructionError;
        RelativeError = relativeError;
        Trace = trace;
        Seed = seed;
        Init = init;
        Elapsed = elapsed;
        SolverElapsed = solverElapsed;
    }

    /// <summary>W (m×k): the weights of each row of X on the components.</summary>
    public Matrix<T> W { get; }

    /// <summary>H (k×n): the components, one per row (scikit-learn's <c>components_</c>).</summary>
    public Matrix<T> H => Model.Components;

    /// <summary>The fitted model (H and options), for <see cref="NmfModel{T}.Transform(Matrix{T}, IProgress{NmfProgress}?, CancellationToken)"/>.</summary>
    public NmfModel<T> Model { get; }

    /// <summary>The options of the fit.</summary>
    public NmfOptions Options => Model.Options;

    /// <summary>Iterations run (scikit-learn's <c>n_iter_</c>).</summary>
    public int Iterations { get; }

    /// <summary>True when the stopping rule was met; false when the iteration limit, the time budget or cancellation stopped the fit.</summary>
    public bool Converged { get; }

    /// <summary>√(2·D_β(X‖WH)), scikit-learn's <c>reconstruction_err_</c>; ‖X − WH‖_F for the Frobenius loss.</summary>
    public double ReconstructionError { get; }

    /// <summary>‖X − WH‖_F / ‖X‖_F, whatever the loss (0 when X = 0).</summary>
    public double RelativeError { get; }

    /// <summary>The loss after every iteration (iteration 0 = the initial factors); see <see cref="NmfProgress.Loss"/>.</summary>
    public IReadOnlyList<NmfProgress> Trace { get; }

    /// <summary>The seed of the random steps: <see cref="NmfOptions.Seed"/>, or the one drawn when it was null.</summary>
    public int Seed { get; }

    /// <summary>The initialisation used (<see cref="NmfInit.Auto"/> resolved).</summary>
    public NmfInit Init { get; }

    /// <summary>Wall-clock time of the fit, initialisation and final errors included.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Wall-clock time of the iterations alone (no initialisation, no final errors); / <see cref="Iterations"/> gives the time per iteration.</summary>
    public TimeSpan SolverElapsed { get; }

    /// <summary>The solver that ran (<see cref="NmfSolver.Auto"/> resolved).</summary>
    public NmfSolver Solver { get; internal init; }

    /// <summary>The first iteration whose relative error was ≤ <see cref="NmfOptions.TargetError"/>; null when there was no target or it was not reached.</summary>
    public int? TargetIteration { get; internal init; }

    /// <summary>Time since the fit started (initialisation included) when <see cref="TargetIteration"/> ended; null when not reached.</summary>
    public TimeSpan? TargetElapsed { get; internal init; }

    /// <summary>Things the caller should know about the fit that did not stop it (for example rows or columns with no observed entry, whose factor rows were set to zero); empty when none.</summary>
    public IReadOnlyList<string> Warnings { get; internal init; } = [];

    /// <inheritdoc cref="NmfModel{T}.Transform(ReadOnlyMatrixSpan{T}, IProgress{NmfProgress}?, CancellationToken)"/>
    public Matrix<T> Transform(Matrix<T> x, IProgress<NmfProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Model.Transform(x, progress, cancellationToken);

    /// <inheritdoc cref="NmfModel{T}.InverseTransform(ReadOnlyMatrixSpan{T})"/>
    public Matrix<T> InverseTransform(Matrix<T> w) => Model.InverseTransform(w);
}
