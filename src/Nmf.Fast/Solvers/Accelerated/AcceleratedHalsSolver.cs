// The loop of accelerated HALS and ANLS: repeated HALS sweeps per factor step, optional extrapolation, target-error stop.
using System.Numerics;
using Nmf.Fast.Linear;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers.Data;
using Nmf.Fast.Solvers.Hals;

namespace Nmf.Fast.Solvers.Accelerated;

/// <summary>
/// Alternating updates of W and H on the Frobenius objective, each factor step made of one or more
/// <see cref="HalsSweep"/>s over the same cross product and Gram (so the expensive O(m·n·k) products are paid once
/// per step, and every extra sweep costs O(rows·k²)):
/// <list type="bullet">
/// <item><see cref="InnerSweepRule.Accelerated"/> — accelerated HALS (Gillis &amp; Glineur 2012);</item>
/// <item><see cref="InnerSweepRule.Exact"/> — ANLS: each step solves its NNLS problem (coordinate descent to a tolerance).</item>
/// </list>
/// With extrapolation (Ang &amp; Gillis 2019, see <see cref="Extrapolation{T}"/>) each iteration starts from a point
/// extrapolated along the last accepted move, and a step that increases the objective is rejected. The objective and
/// the relative error after each iteration come from the Grams (<see cref="TargetError.SquaredResidual{T}"/>). Every
/// sweep is bitwise independent of the thread count, so the whole fit is. The stopping rule is HALS's: the violation
/// of each step's first sweep, summed over W and H, relative to the first iteration's.
/// </summary>
internal static unsafe class AcceleratedHalsSolver
{
    /// <summary>Runs in place on <paramref name="w"/> (m×k) and <paramref name="h"/> (k×n) from their current values.</summary>
    /// <param name="x">The data (m×n).</param>
    /// <param name="w">W (m×k), updated in place.</param>
    /// <param name="h">H (k×n), updated in place unless <paramref name="updateH"/> is false.</param>
    /// <param name="settings">Iteration limit, tolerance, penalties and target error.</param>
    /// <param name="monitor">Receives the loss per iteration; says when to stop early.</param>
    /// <param name="exact">True for ANLS (each factor step solved to <see cref="InnerSweepRule.Exact"/>), false for accelerated HALS.</param>
    /// <param name="extrapolate">Momentum between iterations (ignored when H is fixed).</param>
    /// <param name="updateH">False solves for W with H fixed (Transform).</param>
    public static (int Iterations, bool Converged) Run<T>(ReadOnlyMatrixSpan<T> x, MatrixSpan<T> w, MatrixSpan<T> h,
        SolverSettings settings, IterationMonitor monitor, bool exact, bool extrapolate, bool updateH = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* px = &System.Runtime.CompilerServices.Unsafe.AsRef(in x.Origin))
        {
            var data = new DenseFitData<T>(new PinnedMatrixView<T>(px, x.Rows, x.Cols, x.Stride), keepTranspose: updateH);
            var outcome = Run(data, w, h, settings, monitor, exact, extrapolate, updateH);
            data.KeepForReuse();
            return outcome;
        }
    }

    /// <summary>The same loop on any <see cref="IFitData{T}"/> (dense or CSR X).</summary>
    public static (int Iterations, bool Converged) Run<T>(IFitData<T> x, MatrixSpan<T> w, MatrixSpan<T> h,
        SolverSettings settings, IterationMonitor monitor, bool exact, bool extrapolate, bool updateH = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = x.Rows, n = x.Cols, k = w.Cols;
        int dop = settings.MaxDegreeOfParallelism;
        var ws = new HalsWorkspace<T>(m, n, k, updateH);
        FactorTranspose.Transpose(w.AsReadOnly(), ws.Wt.AsMatrixSpan(), dop); // blocked and parallel (a pure copy: same bits)
        h.AsReadOnly().CopyTo(ws.H);
        var momentum = extrapolate && updateH ? new Extrapolation<T>(k, m, n) : null;
        var ruleW = exact ? InnerSweepRule.Exact : InnerSweepRule.Accelerated(m, n, k, x.ProductEntries);
        var ruleH = exact ? InnerSweepRule.Exact : InnerSweepRule.Accelerated(n, m, k, x.ProductEntries);

        double xNormSq = x.SquaredNorm();
        T l1W = T.CreateTruncating(settings.L1W), l1H = T.CreateTruncating(settings.L1H);
        Gram.OfRows(ws.H.AsReadOnlyMatrixSpan(), ws.GramH, dop);

        // Iteration 0: the initial factors (a target they already meet stops the fit before any iteration).
        x.FactorTimesTranspose(ws.H.AsReadOnlyMatrixSpan(), ws.CrossW, dop);
        Gram.OfRows(ws.Wt.AsReadOnlyMatrixSpan(), ws.GramW, dop);
        double loss0 = HalsSolver.Loss(xNormSq, ws.CrossW, ws.Wt, ws, settings, updateH);
        double error0 = RelativeError(xNormSq, ws.CrossW, ws.Wt, ws);
        monitor.Report(0, loss0, error0);
        momentum?.Start(ws.Wt, ws.H, loss0, error0);

        int iteration = 0;
        bool converged = false;
        double violationInit = 0, firstW = double.NaN, firstH = double.NaN;
        while (iteration < settings.MaxIterations && !monitor.ShouldStop())
        {
            iteration++;
            if (iteration > 1)
            {
                if (momentum is not null)
                {
                    momentum.Extrapolate(ws.Wt, ws.H);
                    Gram.OfRows(ws.H.AsReadOnlyMatrixSpan(), ws.GramH, dop);
                }
                x.FactorTimesTranspose(ws.H.AsReadOnlyMatrixSpan(), ws.CrossW, dop);
            }

            HalsSolver.AddToDiagonal(ws.GramH, settings.L2W, ws.Hessian);
            double violation = Sweeps(ws.Wt, ws.Hessian, ws.CrossW, l1W, ws.TileViolation, ruleW, ref firstW, dop);
            Gram.OfRows(ws.Wt.AsReadOnlyMatrixSpan(), ws.GramW, dop);

            double loss, error;
            if (updateH)
            {
                x.FactorTimes(ws.Wt.AsReadOnlyMatrixSpan(), ws.CrossH, dop);
                HalsSolver.AddToDiagonal(ws.GramW, settings.L2H, ws.Hessian);
                violation += Sweeps(ws.H, ws.Hessian, ws.CrossH, l1H, ws.TileViolation, ruleH, ref firstH, dop);
                Gram.OfRows(ws.H.AsReadOnlyMatrixSpan(), ws.GramH, dop);
                loss = HalsSolver.Loss(xNormSq, ws.CrossH, ws.H, ws, settings, updateH);
                error = RelativeError(xNormSq, ws.CrossH, ws.H, ws);
            }
            else
            {
                loss = HalsSolver.Loss(xNormSq, ws.CrossW, ws.Wt, ws, settings, updateH);
                error = RelativeError(xNormSq, ws.CrossW, ws.Wt, ws);
            }

            bool accepted = momentum?.Offer(ws.Wt, ws.H, loss, error) ?? true;
            if (!accepted)
            {
                // The trace follows the iterate the fit would return: the accepted one.
                monitor.Report(iteration, momentum!.AcceptedLoss, momentum.AcceptedRelativeError);
                continue;
            }
            monitor.Report(iteration, loss, error);

            if (iteration == 1) violationInit = violation;
            if (violationInit == 0 || violation / violationInit <= settings.Tolerance)
            {
                converged = true;
                break;
            }
        }

        momentum?.CopyAccepted(ws.Wt, ws.H);
        FactorTranspose.Transpose(ws.Wt.AsReadOnlyMatrixSpan(), w, dop);
        if (updateH) ws.H.AsReadOnlyMatrixSpan().CopyTo(h);
        return (iteration, converged);
    }

    /// <summary>Repeats the HALS sweep over one factor as the rule says; returns the first sweep's violation.</summary>
    /// <param name="factor">The factor swept (component-major: Wᵀ or H), updated in place.</param>
    /// <param name="hessian">The k×k Gram of the other factor (L2 folded into its diagonal).</param>
    /// <param name="cross">The k-row cross product with X.</param>
    /// <param name="l1">The L1 penalty, subtracted from the right-hand side.</param>
    /// <param name="tileViolation">Per-tile violation scratch.</param>
    /// <param name="rule">How many sweeps to make.</param>
    /// <param name="fitFirst">The first violation of the fit for this factor; NaN until the first step sets it.</param>
    /// <param name="dop">Maximum degree of parallelism.</param>
    private static double Sweeps<T>(Matrix<T> factor, Matrix<T> hessian, Matrix<T> cross, T l1, double[] tileViolation, InnerSweepRule rule,
        ref double fitFirst, int dop)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double first = HalsSweep.Run(factor, hessian, cross, l1, tileViolation, dop);
        if (double.IsNaN(fitFirst)) fitFirst = first;
        double violation = first, previous = double.PositiveInfinity;
        for (int sweeps = 1; !rule.IsDone(sweeps, violation, previous, first, fitFirst); sweeps++)
        {
            previous = violation;
            violation = HalsSweep.Run(factor, hessian, cross, l1, tileViolation, dop);
        }
        return first;
    }

    private static double RelativeError<T>(double xNormSq, Matrix<T> cross, Matrix<T> factor, HalsWorkspace<T> ws)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        TargetError.FromSquaredResidual(TargetError.SquaredResidual<T>(xNormSq, cross, factor, ws.GramW, ws.GramH), xNormSq);
}
