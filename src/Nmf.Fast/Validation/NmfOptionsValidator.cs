// Checks NmfOptions against each other and against the data shape before a fit: intervals first, then cross-parameter rules.
using System.Globalization;
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Validation;

/// <summary>The rules of scikit-learn's parameter validation (and <c>_check_init</c>, <c>_check_w_h</c>) for <see cref="NmfOptions"/>.</summary>
internal static class NmfOptionsValidator
{
    /// <summary>Checks options that do not depend on the data.</summary>
    public static void ValidateOptions(NmfOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Rank < 1) Throw($"Rank must be at least 1, got {options.Rank}.", nameof(options.Rank));
        if (!Enum.IsDefined(options.Solver)) Throw($"Unknown solver {(int)options.Solver}.", nameof(options.Solver));
        if (!Enum.IsDefined(options.Init)) Throw($"Unknown init {(int)options.Init}.", nameof(options.Init));
        if (!double.IsFinite(options.Beta)) Throw($"Beta must be finite, got {F(options.Beta)}.", nameof(options.Beta));
        if (options.MaxIterations < 1) Throw($"MaxIterations must be at least 1, got {options.MaxIterations}.", nameof(options.MaxIterations));
        if (!(options.Tolerance >= 0) || double.IsPositiveInfinity(options.Tolerance))
            Throw($"Tolerance must be finite and non-negative, got {F(options.Tolerance)}.", nameof(options.Tolerance));
        if (!(options.AlphaW >= 0) || double.IsPositiveInfinity(options.AlphaW))
            Throw($"AlphaW must be finite and non-negative, got {F(options.AlphaW)}.", nameof(options.AlphaW));
        if (options.AlphaH is { } alphaH && (!(alphaH >= 0) || double.IsPositiveInfinity(alphaH)))
            Throw($"AlphaH must be finite and non-negative (or null for 'same as AlphaW'), got {F(alphaH)}.", nameof(options.AlphaH));
        if (!(options.L1Ratio >= 0 && options.L1Ratio <= 1))
            Throw($"L1Ratio must be in [0, 1], got {F(options.L1Ratio)}.", nameof(options.L1Ratio));
        if (options.MaxDegreeOfParallelism == 0 || options.MaxDegreeOfParallelism < -1)
            Throw($"MaxDegreeOfParallelism must be -1 (all cores) or positive, got {options.MaxDegreeOfParallelism}.", nameof(options.MaxDegreeOfParallelism));
        if (options.Seed is < 0) Throw($"Seed must be non-negative (as NumPy's random_state), got {options.Seed}.", nameof(options.Seed));
        if (options.TimeBudget is { } budget && budget <= TimeSpan.Zero)
            Throw($"TimeBudget must be positive, got {budget}.", nameof(options.TimeBudget));

        if (options.TargetError is { } target && (!(target >= 0) || double.IsPositiveInfinity(target)))
            Throw($"TargetError must be finite and non-negative (a relative error), got {F(target)}.", nameof(options.TargetError));

        // Cross-parameter rules.
        if (options.Solver == NmfSolver.Hals && options.Beta != NmfLoss.Frobenius)
            Throw($"The HALS solver handles only the Frobenius loss (β = 2), got β = {F(options.Beta)}; use the multiplicative-update solver for other losses.", nameof(options.Beta));
        if (options.Solver is NmfSolver.HalsAccelerated or NmfSolver.Anls && options.Beta != NmfLoss.Frobenius)
            Throw($"The {options.Solver} solver handles only the Frobenius loss (β = 2), got β = {F(options.Beta)}; use the multiplicative-update solver for other losses.", nameof(options.Beta));
        if (options.TargetError is not null && options.Beta != NmfLoss.Frobenius)
            Throw($"TargetError is a Frobenius relative error and needs β = 2, got β = {F(options.Beta)}.", nameof(options.TargetError));
        bool regularised = options.AlphaW != 0 || options.EffectiveAlphaH != 0;
        if (options.TargetError is not null && regularised && options.Solver is NmfSolver.Hals or NmfSolver.MultiplicativeUpdate)
            Throw($"TargetError with regularisation needs the {NmfSolver.HalsAccelerated}, {NmfSolver.Anls} or {NmfSolver.Auto} solver ({options.Solver} reports only the regularised loss).", nameof(options.TargetError));
        bool custom = options.Init == NmfInit.Custom;
        if (custom && (options.InitialW is null || options.InitialH is null))
            Throw("Init = Custom needs both InitialW and InitialH.", nameof(options.Init));
        if (!custom && (options.InitialW is not null || options.InitialH is not null))
            Throw($"InitialW and InitialH are used only with Init = Custom, but Init is {options.Init}.", nameof(options.Init));
    }

    /// <summary>Checks options against X (m×n) and X's values; call after <see cref="ValidateOptions"/>.</summary>
    public static void ValidateForData<T>(NmfOptions options, ReadOnlyMatrixSpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = x.Rows, n = x.Cols, k = options.Rank;
        if (m == 0 || n == 0) Throw($"X must have at least one row and one column, got {m}×{n}.", nameof(x));
        if ((long)(m + n) * k > Array.MaxLength / 4)
            Throw($"Rank {k} is too large for a {m}×{n} matrix: the factors would not fit in memory.", nameof(options.Rank));
        InputChecks.RequireNonNegativeFinite(x, "X", nameof(x));
        if (options.Beta <= 0 && InputChecks.HasZero(x))
            Throw($"With β = {F(options.Beta)} ≤ 0 the loss is undefined where X is zero, and X contains zeros; add a small positive value to X or use β > 0.", nameof(x));
        ValidateShapeRules<T>(options, m, n);
    }

    /// <summary>The same checks for a CSR X: stored values non-negative and finite; β ≤ 0 rejects any zero, stored or missing.</summary>
    public static void ValidateForData<T>(NmfOptions options, CsrMatrix<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = x.Rows, n = x.Cols, k = options.Rank;
        if (m == 0 || n == 0) Throw($"X must have at least one row and one column, got {m}×{n}.", nameof(x));
        if ((long)(m + n) * k > Array.MaxLength / 4)
            Throw($"Rank {k} is too large for a {m}×{n} matrix: the factors would not fit in memory.", nameof(options.Rank));
        var stored = x.Values;
        int bad = InputChecks.IndexOfNegativeOrNonFinite(stored);
        if (bad >= 0)
        {
            int row = x.RowPointers.BinarySearch(bad);
            row = row < 0 ? ~row - 1 : row;
            while (x.RowPointers[row + 1] <= bad) row++; // empty rows share their pointer with the next row
            Throw($"X must be non-negative and finite, but X[{row}, {x.ColumnIndices[bad]}] = {stored[bad]}.", nameof(x));
        }
        if (options.Beta <= 0 && ((long)x.NonZeroCount < (long)m * n || stored.Contains(T.Zero)))
            Throw($"With β = {F(options.Beta)} ≤ 0 the loss is undefined where X is zero, and the sparse X has zero entries; use β > 0.", nameof(x));
        ValidateShapeRules<T>(options, m, n);
    }

    private static void ValidateShapeRules<T>(NmfOptions options, int m, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = options.Rank;
        bool nndsvd = options.Init is NmfInit.Nndsvd or NmfInit.Nndsvda or NmfInit.Nndsvdar;
        if (nndsvd && k > Math.Min(m, n))
            Throw($"Init = {options.Init} needs Rank ≤ min(rows, cols) = {Math.Min(m, n)}, got {k}; use Init = Random.", nameof(options.Init));
        if (options.Init == NmfInit.Custom)
        {
            var w0 = options.InitialW!;
            var h0 = options.InitialH!;
            InputChecks.RequireShape(h0.Rows, h0.Cols, k, n, "InitialH", nameof(options.InitialH));
            InputChecks.RequireShape(w0.Rows, w0.Cols, m, k, "InitialW", nameof(options.InitialW));
            InputChecks.RequireNonNegativeFinite(h0.AsReadOnlyMatrixSpan(), "InitialH", nameof(options.InitialH));
            InputChecks.RequireNonNegativeFinite(w0.AsReadOnlyMatrixSpan(), "InitialW", nameof(options.InitialW));
            RequireConvertible<T>(w0, h0);
        }
    }

    // A double W₀/H₀ converted to float must stay finite (values above float.MaxValue would become ∞).
    private static void RequireConvertible<T>(Matrix<double> w0, Matrix<double> h0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float)) return;
        foreach (var (m, name) in new[] { (w0, "InitialW"), (h0, "InitialH") })
            foreach (double v in m.AsSpan())
                if (v > float.MaxValue) Throw($"{name} holds {F(v)}, too large for float32.", name);
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static void Throw(string message, string paramName) => throw new ArgumentException(message, paramName);
}
