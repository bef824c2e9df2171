// A per-thread scope in which a fit hands its workspaces back so the next fit on the same thread reuses them (multi-run fits).
namespace Nmf.Fast.Memory;

/// <summary>
/// Outside a scope every call here does nothing and each fit allocates its own workspace, as always. Inside one
/// (opened by <see cref="ModelSelection.MultiStartRunner"/> around the runs a worker thread fits one after another), a
/// fit's workspaces are kept when it ends and taken by the next fit of the same shape on that thread, so 30 runs
/// allocate one workspace per worker instead of 30. Why it matters: workspaces are pinned arrays, which live on the
/// pinned object heap; that heap is only collected by full (gen 2) collections, and its small allocation budget made
/// every ~4 MB of workspaces trigger one — each pausing every worker (9 full collections per 30 runs of a 500×100
/// fit). A taken workspace is cleared before use, so a fit sees exactly what a fresh allocation gives: reuse cannot
/// change results. Closing the scope drops everything kept.
/// </summary>
internal static class WorkspaceReuse
{
    /// <summary>Workspaces kept per thread: a fit keeps at most three (MU workspace or Xᵀ, loss tiles, residual panel).</summary>
    private const int Capacity = 4;

    [ThreadStatic]
    private static object?[]? t_kept;

    /// <summary>Opens a scope on this thread (nested scopes each keep their own); dispose the result to close it.</summary>
    public static Scope Open()
    {
        var outer = t_kept;
        t_kept = new object?[Capacity];
        return new Scope(outer);
    }

    /// <summary>A kept <typeparamref name="TItem"/>, removed from the scope, or null (none kept, or no scope open).</summary>
    public static TItem? Take<TItem>() where TItem : class
    {
        var kept = t_kept;
        if (kept is null) return null;
        for (int i = 0; i < kept.Length; i++)
            if (kept[i] is TItem item)
            {
                kept[i] = null;
                return item;
            }
        return null;
    }

    /// <summary>
    /// A kept <typeparamref name="TItem"/> of exactly <paramref name="shape"/>, cleared so it starts as a new one does;
    /// or null (none kept, another shape — then it is dropped — or no scope open).
    /// </summary>
    public static TItem? TakeCleared<TItem, TShape>(TShape shape)
        where TItem : class, IReusableWorkspace<TShape>
        where TShape : IEquatable<TShape>
    {
        if (Take<TItem>() is not { } kept || !kept.Shape.Equals(shape)) return null;
        kept.Clear();
        return kept;
    }

    /// <summary>Keeps <paramref name="item"/> for the next fit on this thread when a scope is open (and has room).</summary>
    public static void Keep(object item)
    {
        var kept = t_kept;
        if (kept is null) return;
        for (int i = 0; i < kept.Length; i++)
            if (kept[i] is null)
            {
                kept[i] = item;
                return;
            }
    }

    /// <summary>Closes its scope, dropping what it kept and restoring the enclosing one.</summary>
    public readonly struct Scope(object?[]? outer) : IDisposable
    {
        /// <summary>Closes the scope.</summary>
        public void Dispose() => t_kept = outer;
    }

    /// <summary>A zeroed rows × cols matrix: a kept one of that shape, or a new one.</summary>
    public static Matrix<T> ZeroedMatrix<T>(int rows, int cols) where T : unmanaged
    {
        if (TakeMatrix<T>(rows, cols) is { } kept)
        {
            kept.AsSpan().Clear();
            return kept;
        }
        return new Matrix<T>(rows, cols);
    }

    /// <summary>A kept rows × cols matrix with whatever it last held (for a caller that overwrites all of it), or null.</summary>
    public static Matrix<T>? TakeMatrix<T>(int rows, int cols) where T : unmanaged
    {
        var kept = t_kept;
        if (kept is null) return null;
        for (int i = 0; i < kept.Length; i++)
            if (kept[i] is Matrix<T> matrix && matrix.Rows == rows && matrix.Cols == cols)
            {
                kept[i] = null;
                return matrix;
            }
        return null;
    }
}

/// <summary>A workspace <see cref="WorkspaceReuse"/> can hand to the next fit: <see cref="Shape"/> says whether it fits, <see cref="Clear"/> makes it a fresh one.</summary>
/// <typeparam name="TShape">The sizes and settings the workspace was allocated for.</typeparam>
internal interface IReusableWorkspace<TShape> where TShape : IEquatable<TShape>
{
    /// <summary>The sizes and settings this workspace was allocated for.</summary>
    TShape Shape { get; }

    /// <summary>Zeroes every buffer, so a reused workspace starts as a new one does.</summary>
    void Clear();
}
