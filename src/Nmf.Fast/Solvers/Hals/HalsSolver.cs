// The HALS iteration loop: scikit-learn's _fit_coordinate_descent (solver 'cd', no shuffle) with its stopping rule.
using System.Numerics;
using Nmf.Fast.Linear;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers.Data;

namespace Nmf.Fast.Solvers.Hals;

/// <summary>
/// Hierarchical alternating least squares (Cichocki &amp; Phan 2009), exactly as scikit-learn's <c>cd</c> solver
/// without shuffling. Per iteration:
/// <list type="number">
/// <item>W step: G = H·Hᵀ + L2W·I, C = H·Xᵀ; one <see cref="HalsSweep"/> over Wᵀ with L1W.</item>
/// <item>H step (unless H is fixed): G = WᵀW + L2H·I, C = Wᵀ·X; one sweep over H with L1H.</item>
/// <item>violation = sum of both sweeps' violations; stop when violation / violation of iteration 1 ≤ tol
/// (or when the first violation is 0).</item>
/// </list>
/// The loss of the trace comes almost free from the same products:
/// ½‖X − WH‖² = ½(‖X‖² − 2⟨Wᵀ·X, H⟩ + ⟨WᵀW, H·Hᵀ⟩), and H·Hᵀ is reused by the next W step.
/// Both factors are kept component-major (Wᵀ, H) so that every product is an A·Bᵀ of row-contiguous operands —
/// except for sparse X with both factors free, where each step is one fused pass (<see cref="SparseHalsStep"/>) and
/// the factors live only row-major (W m×k, Hᵀ n×k: the panels the other step's product gathers from), with each
/// step's Gram summed from its swept tiles (<see cref="TileGram{T}"/>).
/// </summary>
internal static unsafe class HalsSolver
{
    /// <summary>Runs HALS in place on <paramref name="w"/> (m×k) and <paramref name="h"/> (k×n) from their current values.</summary>
    /// <param name="x">The data (m×n).</param>
    /// <param name="w">W (m×k), updated in place.</param>
    /// <param name="h">H (k×n), updated in place unless <paramref name="updateH"/> is false.</param>
    /// <param name="settings">Iteration limit, tolerance and penalties.</param>
    /// <param name="monitor">Receives the loss per iteration; says when to stop early.</param>
    /// <param name="updateH">False solves for W with H fixed (scikit-learn's <c>transform</c>).</param>
    public static (int Iterations, bool Converged) Run<T>(ReadOnlyMatrixSpan<T> x, MatrixSpan<T> w, MatrixSpan<T> h,
        SolverSettings settings, IterationMonitor monitor, bool updateH = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* px = &System.Runtime.CompilerServices.Unsafe.AsRef(in x.Origin))
        {
            var data = new DenseFitData<T>(new PinnedMatrixView<T>(px, x.Rows, x.Cols, x.Stride), keepTranspose: updateH);
            var outcome = Run(data, w, h, settings, monitor, updateH);
            data.KeepForReuse();
            return outcome;
        }
    }

    /// <summary>Runs HALS on any <see cref="IFitData{T}"/> (dense or CSR X): the same loop, only the two cross products differ.</summary>
    public static (int Iterations, bool Converged) Run<T>(IFitData<T> x, MatrixSpan<T> w, MatrixSpan<T> h,
        SolverSettings settings, IterationMonitor monitor, bool updateH = true)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Run(x, w.AsReadOnly(), w, h, settings, monitor, updateH, owned: null);

    /// <summary>
    /// A sparse fit with both factors free, with less fresh memory: <paramref name="w"/> (m×k, row-major) doubles as the
    /// products' W operand panel (the W sweep writes W's row-major copy into it, so at the end it already holds the result),
    /// and <paramref name="h"/> is the H the sweeps update (no k×n copy in and out). W₀ is read from
    /// <paramref name="initialW"/> (m×k; may be <paramref name="w"/> itself, or the caller's W₀ when no conversion is needed).
    /// Same iterates, bit for bit, as <see cref="Run{T}(IFitData{T}, MatrixSpan{T}, MatrixSpan{T}, SolverSettings, IterationMonitor, bool)"/>.
    /// </summary>
    public static (int Iterations, bool Converged) Run<T>(CsrFitData<T> x, Matrix<T> initialW, Matrix<T> w, Matrix<T> h,
        SolverSettings settings, IterationMonitor monitor)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Run(x, initialW.AsReadOnlyMatrixSpan(), w.AsMatrixSpan(), h.AsMatrixSpan(), settings, monitor, updateH: true, owned: (w, h));

    private static (int Iterations, bool Converged) Run<T>(IFitData<T> x, ReadOnlyMatrixSpan<T> initialW, MatrixSpan<T> w, MatrixSpan<T> h,
        SolverSettings settings, IterationMonitor monitor, bool updateH, (Matrix<T> W, Matrix<T> H)? owned)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = x.Rows, n = x.Cols, k = w.Cols;
        int dop = settings.MaxDegreeOfParallelism;
        var csr = updateH ? x as CsrFitData<T> : null; // sparse X with both factors free: the fused steps below
        // Sparse fused steps keep the factors only row-major where a full tile moves through TileTranspose (double on
        // AVX-512); elsewhere the scalar transposes would cost more than the component-major copies they replace
        // (float: +10 % per iteration), so Wᵀ and H stay component-major beside their row-major copies.
        bool rowMajorOnly = csr is not null && TileTranspose.Applies<T>(HalsSweep.RowsPerTile<T>(), HalsSweep.RowsPerTile<T>(), k);
        var ws = new HalsWorkspace<T>(m, n, k, updateH, owned?.H, storeCross: csr is null, withWt: !rowMajorOnly);
        if (!rowMajorOnly) FactorTranspose.Transpose(initialW, ws.Wt.AsMatrixSpan(), dop);
        if (owned is null) h.AsReadOnly().CopyTo(ws.H);

        double xNormSq = x.SquaredNorm();
        T l1W = T.CreateTruncating(settings.L1W), l1H = T.CreateTruncating(settings.L1H);
        Gram.OfRows(ws.H.AsReadOnlyMatrixSpan(), ws.GramH, dop);

        // Sparse X: the sweeps leave each factor's row-major copy in the products' operand panel (W for Wᵀ·X, Hᵀ for
        // the next H·Xᵀ), so the products skip their transposes. The panel holds one factor at a time: W from the W
        // sweep until Wᵀ·X has read it, then Hᵀ from the H sweep. Dense X has no panel (null).
        // Sparse X with both factors free: each step is one fused pass (product tile, then its sweep; SparseHalsStep),
        // which needs Hᵀ and W in separate panels: W stays in the data's panel (or in the
        // caller's m×k W, which then needs no panel of its own), Hᵀ gets its own.
        var panel = owned?.W ?? x.OperandPanel(k); // owned only comes with a CsrFitData and both factors free
        var htPanel = csr is not null ? new Matrix<T>(n, k) : null;
        if (csr is not null)
        {
            // The fused steps keep each factor row-major in the panel the other step's product reads (W in panel, Hᵀ in
            // htPanel; with rowMajorOnly nowhere else: the workspace has no Wᵀ, and H is read at the start — its Gram, H₀
            // for the first H step — and written back from htPanel at the end).
            var wRows = new MatrixSpan<T>(panel!.AsSpan()[..(m * k)], m, k);
            if (initialW.Stride != k || !System.Runtime.CompilerServices.Unsafe.AreSame(ref System.Runtime.CompilerServices.Unsafe.AsRef(in initialW.Origin), ref wRows.Origin))
                initialW.CopyTo(wRows); // W₀ is often the caller's W, i.e. the panel itself
            FactorTranspose.Transpose(ws.H.AsReadOnlyMatrixSpan(), htPanel!.AsMatrixSpan(), dop);
        }
        bool htReady = false;
        // Sparse X: the H step cuts Xᵀ at a row of W that depends on m only (so the bits do not depend on the threads), and
        // on exactly two workers each thread keeps one side of it in both steps (SparseHalsStep.RunPieces).
        int pieceBoundary = csr is null ? 0 : SparseHalsStep.PieceBoundary<T>(m);
        bool ownsPieces = pieceBoundary > 0 && SparseHalsStep.OwnsPieces(csr!.Matrix.NonZeroCount, n, k, dop);
        // Sparse X: ⟨X, WH⟩ for the loss, per sweep tile (the start's in iteration 1's W step, then each H step's).
        double[] tileInner = ws.TileInner;
        int iteration = 0;
        bool converged = false;
        double violationInit = 0;
        while (iteration < settings.MaxIterations && !monitor.ShouldStop())
        {
            iteration++;
            double violation;
            if (csr is not null)
            {
                // H·Xᵀ tile by tile from Hᵀ (the last H step left it in htPanel), each tile swept at once. Iteration 1
                // also reports the loss of the start: its ⟨H·Xᵀ, W₀ᵀ⟩ is summed tile by tile before each tile's sweep, the
                // Grams and penalties are W₀'s, so H·Xᵀ is never stored.
                double startPenalties = 0, startGramInner = 0;
                if (iteration == 1)
                {
                    if (rowMajorOnly) Gram.OfColumns(initialW, ws.GramW.AsMatrixSpan(), dop);
                    else Gram.OfRows(ws.Wt.AsReadOnlyMatrixSpan(), ws.GramW, dop);
                    startGramInner = Reductions.FrobeniusInner<T>(ws.GramW, ws.GramH);
                    startPenalties = Penalties(ws, settings, updateH, panel!.AsSpan()[..(m * k)], htPanel!.AsSpan()[..(n * k)]);
                }
                AddToDiagonal(ws.GramH, settings.L2W, ws.Hessian);
                // Iteration 1 streams X as stored; packing it pays back only over later iterations.
                var rows = iteration == 1 ? csr.RowsForOnePass() : csr.PackedRows(dop);
                // W lives in the panel; its Gram is summed from the swept tiles (TileGram).
                violation = SparseHalsStep.Run(rows, htPanel!, rowMajorOnly ? null : ws.Wt, ws.Hessian, l1W, ws.TileViolation, dop, panel!, cross: null,
                    iteration == 1 ? tileInner : null, gram: ws.GramW, gramPartials: ws.GramPartials, halves: ownsPieces);
                if (iteration == 1) monitor.Report(0, FitTerm(xNormSq, SparseHalsStep.SumTiles(tileInner, HalsSweep.TileCount<T>(m)), startGramInner) + startPenalties);
            }
            else
            {
                x.FactorTimesTranspose(ws.H.AsReadOnlyMatrixSpan(), ws.CrossW, dop, htReady);
                if (iteration == 1)
                {
                    Gram.OfRows(ws.Wt.AsReadOnlyMatrixSpan(), ws.GramW, dop);
                    monitor.Report(0, Loss(xNormSq, ws.CrossW, ws.Wt, ws, settings, updateH));
                }

                AddToDiagonal(ws.GramH, settings.L2W, ws.Hessian);
                violation = HalsSweep.Run(ws.Wt, ws.Hessian, ws.CrossW, l1W, ws.TileViolation, dop, updateH ? panel : null);
            }
            if (csr is null) Gram.OfRows(ws.Wt.AsReadOnlyMatrixSpan(), ws.GramW, dop);

            double loss;
            if (updateH)
            {
                AddToDiagonal(ws.GramW, settings.L2H, ws.Hessian);
                if (csr is not null)
                {
                    if (csr.HasPackedColumns || iteration > 1)
                    {
                        // Wᵀ·X tile by tile through the packed Xᵀ, from the W the W sweep left in the panel; the loss's
                        // ⟨Wᵀ·X, H⟩ is summed per tile after the sweep.
                        if (pieceBoundary > 0)
                        {
                            // Xᵀ in two pieces at W's row pieceBoundary: on two threads each gathers only the W rows it swept.
                            var (first, second) = csr.PackedColumnPieces(pieceBoundary, dop);
                            violation += SparseHalsStep.RunPieces(first, second, panel!, rowMajorOnly ? null : ws.H, ws.Hessian, l1H, ws.TileViolation, dop, htPanel!,
                                tileInner, innerAfterSweep: true, ws.GramH, ws.GramPartials, ownsPieces ? ws.PiecePartials(n, k) : null);
                        }
                        else
                        {
                            violation += SparseHalsStep.Run(csr.PackedColumns(dop), panel!, rowMajorOnly ? null : ws.H, ws.Hessian, l1H, ws.TileViolation, dop, htPanel!,
                                cross: null, tileInner, innerAfterSweep: true, gram: ws.GramH, gramPartials: ws.GramPartials);
                        }
                    }
                    else
                    {
                        // The first H step scatters X's rows into Wᵀ·X instead (no Xᵀ yet: its counting sort costs as much
                        // as two products), into htPanel, whose Hᵀ the W step has consumed; the sweep writes the new Hᵀ
                        // over it tile by tile. From iteration 2 on the gather through the packed Xᵀ is faster per step.
                        var wRows = new ReadOnlyMatrixSpan<T>(panel!.AsSpan()[..(m * k)], m, k);
                        TransposedScatterKernel.Multiply(csr.RowsForOnePass(), wRows, htPanel!.AsMatrixSpan(), dop);
                        violation += SparseHalsStep.RunOnProduct(htPanel, ws.H, ws.Hessian, l1H, ws.TileViolation, dop, htPanel,
                            cross: null, tileInner, innerAfterSweep: true, gram: ws.GramH, gramPartials: ws.GramPartials);
                    }
                }
                else
                {
                    x.FactorTimes(ws.Wt.AsReadOnlyMatrixSpan(), ws.CrossH, dop, operandReady: panel is not null);
                    violation += HalsSweep.Run(ws.H, ws.Hessian, ws.CrossH, l1H, ws.TileViolation, dop, panel);
                }
                if (csr is null) Gram.OfRows(ws.H.AsReadOnlyMatrixSpan(), ws.GramH, dop);
                loss = csr is not null
                    ? FitTerm(xNormSq, SparseHalsStep.SumTiles(tileInner, HalsSweep.TileCount<T>(n)), Reductions.FrobeniusInner<T>(ws.GramW, ws.GramH))
                        + Penalties(ws, settings, updateH, panel!.AsSpan()[..(m * k)], htPanel!.AsSpan()[..(n * k)])
                    : Loss(xNormSq, ws.CrossH, ws.H, ws, settings, updateH);
            }
            else
            {
                loss = Loss(xNormSq, ws.CrossW, ws.Wt, ws, settings, updateH);
            }
            htReady = panel is not null; // H sweep wrote Hᵀ, or (H fixed) the product's own transpose of H is still there
            monitor.Report(iteration, loss);

            if (iteration == 1) violationInit = violation;
            if (violationInit == 0 || violation / violationInit <= settings.Tolerance)
            {
                converged = true;
                break;
            }
        }

        if (csr is not null)
        {
            // W is in the panel (with the caller's W as the panel, already where it belongs), Hᵀ in htPanel.
            if (owned is null) new ReadOnlyMatrixSpan<T>(panel!.AsSpan()[..(m * k)], m, k).CopyTo(w);
            FactorTranspose.Transpose(htPanel!.AsReadOnlyMatrixSpan(), h, dop);
            return (iteration, converged);
        }
        FactorTranspose.Transpose(ws.Wt.AsReadOnlyMatrixSpan(), w, dop);
        if (updateH) ws.H.AsReadOnlyMatrixSpan().CopyTo(h);
        return (iteration, converged);
    }

    /// <summary>
    /// ½‖X − WH‖²_F + penalties, from a cross product C with X and the factor F it pairs with
    /// (C = H·Xᵀ with F = Wᵀ, or C = Wᵀ·X with F = H): ⟨C, F⟩ = ⟨X, WH⟩. Clamped at 0 against cancellation.
    /// </summary>
    internal static double Loss<T>(double xNormSq, Matrix<T> cross, Matrix<T> factor, HalsWorkspace<T> ws, SolverSettings s, bool updateH)
        where T : unmanaged, IFloatingPointIeee754<T>
        => FitTerm(xNormSq, Reductions.FrobeniusInner<T>(cross, factor), Reductions.FrobeniusInner<T>(ws.GramW, ws.GramH)) + Penalties(ws, s, updateH);

    /// <summary>½(‖X‖² − 2⟨X, WH⟩ + ⟨WᵀW, HHᵀ⟩) = ½‖X − WH‖²_F, clamped at 0 against cancellation.</summary>
    private static double FitTerm(double xNormSq, double inner, double gramInner) => Math.Max(0, 0.5 * (xNormSq - 2 * inner + gramInner));

    /// <summary>The L1 and L2 penalties of the current factors (the L2 terms from the Grams' traces).</summary>
    private static double Penalties<T>(HalsWorkspace<T> ws, SolverSettings s, bool updateH) where T : unmanaged, IFloatingPointIeee754<T>
        => Penalties(ws, s, updateH, ws.Wt.AsSpan(), ws.H.AsSpan());

    /// <summary>The penalties with W's and H's elements read from <paramref name="w"/> and <paramref name="h"/> (any layout: only their sums are used).</summary>
    private static double Penalties<T>(HalsWorkspace<T> ws, SolverSettings s, bool updateH, ReadOnlySpan<T> w, ReadOnlySpan<T> h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double penalties = 0;
        if (s.L1W != 0) penalties += s.L1W * Reductions.Sum<T>(w);
        if (s.L2W != 0) penalties += 0.5 * s.L2W * Reductions.Trace<T>(ws.GramW);
        if (updateH)
        {
            if (s.L1H != 0) penalties += s.L1H * Reductions.Sum<T>(h);
            if (s.L2H != 0) penalties += 0.5 * s.L2H * Reductions.Trace<T>(ws.GramH);
        }
        return penalties;
    }

    internal static void AddToDiagonal<T>(Matrix<T> gram, double l2, Matrix<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        gram.AsSpan().CopyTo(destination.AsSpan());
        if (l2 == 0) return;
        T add = T.CreateTruncating(l2);
        for (int i = 0; i < gram.Rows; i++) destination[i, i] += add;
    }
}
