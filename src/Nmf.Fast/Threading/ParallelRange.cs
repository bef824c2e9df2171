// A struct-action parallel-for over disjoint index ranges, with a minimum amount of work per thread.
namespace Nmf.Fast.Threading;

/// <summary>Work on the half-open index range [start, end); implemented by structs so calls are not virtual.</summary>
internal interface IRangeAction
{
    void Invoke(int start, int end);
}

/// <summary>Splits [0, count) into contiguous chunks, one per worker, and runs them in parallel.</summary>
internal static class ParallelRange
{
    /// <summary>The number of workers to use for <paramref name="count"/> items.</summary>
    public static int WorkerCount(int count, int minPerWorker, int maxDegreeOfParallelism)
    {
        int cores = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism;
        int byWork = Math.Max(1, count / Math.Max(1, minPerWorker));
        return Math.Max(1, Math.Min(cores, byWork));
    }

    /// <summary>
    /// Runs <paramref name="action"/> over [0, count) split into equal contiguous chunks. Chunk boundaries
    /// depend only on count and the worker count, never on timing.
    /// </summary>
    public static void For<TAction>(int count, int minPerWorker, int maxDegreeOfParallelism, TAction action)
        where TAction : struct, IRangeAction
    {
        if (count <= 0) return;
        int workers = WorkerCount(count, minPerWorker, maxDegreeOfParallelism);
        if (workers == 1)
        {
            action.Invoke(0, count);
            return;
        }
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            long start = (long)count * w / workers;
            long end = (long)count * (w + 1) / workers;
            action.Invoke((int)start, (int)end);
        });
    }
}
