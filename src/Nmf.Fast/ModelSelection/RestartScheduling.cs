// Whether the runs of a multi-start fit run concurrently (one single-threaded fit per core) or one after another.
using Nmf.Fast.Threading;

namespace Nmf.Fast.ModelSelection;

/// <summary>
/// Restarts are independent, so running one single-threaded fit per core uses every core with no synchronisation
/// at all, while a single fit of a small problem spends much of its time in parallel-region overheads and serial
/// steps (Gram matrices, the k×k sweeps, loss evaluations; the MU H update of fewer than 128 columns is one tile and
/// runs on one thread whatever the thread count). Concurrent runs cost memory, though: every worker holds its own
/// factors and solver workspace, which for HALS, accelerated HALS and ANLS includes a transposed copy of X (m×n; the
/// MU workspace is O((m + n)·k) plus fixed-size tiles). So runs go concurrently unless X is large enough that one fit
/// already keeps all cores busy in big GEMMs and several of its workspaces at once would be a real memory cost.
/// </summary>
internal static class RestartScheduling
{
    /// <summary>
    /// X with at least this many entries (dense m·n, or stored entries of a sparse X) runs its restarts one after
    /// another, each fit using all threads. 2²⁴ entries = 128 MiB of float64: one m×n workspace per core would
    /// double the memory of X per core, and GEMMs of that size parallelise well.
    /// </summary>
    public const long SequentialFromEntries = 1L << 24;

    /// <summary>True when <paramref name="runs"/> runs over X with <paramref name="entries"/> entries should run concurrently.</summary>
    public static bool RunConcurrently(int runs, long entries, int maxDegreeOfParallelism) =>
        runs > 1 && Workers(runs, maxDegreeOfParallelism) > 1 && entries < SequentialFromEntries;

    /// <summary>Concurrent runs use one worker (one single-threaded fit at a time) per core allowed, at most one per run.</summary>
    public static int Workers(int runs, int maxDegreeOfParallelism) => ParallelRange.WorkerCount(runs, 1, maxDegreeOfParallelism);
}
