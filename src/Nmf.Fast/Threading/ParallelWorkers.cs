// A parallel-for that tells each worker its index, so it can use its own preallocated scratch buffers.
namespace Nmf.Fast.Threading;

/// <summary>Work on items [start, end) by the worker numbered <c>worker</c>; implemented by structs.</summary>
internal interface IWorkerBody
{
    void Run(int worker, int start, int end);
}

/// <summary>
/// Splits [0, items) into <c>workers</c> contiguous chunks (the same split as <see cref="ParallelRange"/>) and
/// runs chunk w with worker index w. Each item must be computed the same way whatever its chunk, so results
/// do not depend on the number of workers.
/// </summary>
internal static class ParallelWorkers
{
    /// <summary>How many workers (and so how many scratch slots) a loop over <paramref name="items"/> uses.</summary>
    public static int Count(int items, int maxDegreeOfParallelism) =>
        ParallelRange.WorkerCount(items, 1, maxDegreeOfParallelism);

    /// <summary>Runs <paramref name="body"/> over [0, items) with at most <paramref name="workers"/> workers.</summary>
    public static void For<TBody>(int items, int workers, int maxDegreeOfParallelism, TBody body)
        where TBody : struct, IWorkerBody
    {
        if (items <= 0) return;
        workers = Math.Max(1, Math.Min(workers, items));
        if (workers == 1)
        {
            body.Run(0, 0, items);
            return;
        }
        ParallelRange.For(workers, 1, maxDegreeOfParallelism, new Chunks<TBody>(items, workers, body));
    }

    private readonly struct Chunks<TBody>(int items, int workers, TBody body) : IRangeAction
        where TBody : struct, IWorkerBody
    {
        public void Invoke(int start, int end)
        {
            for (int w = start; w < end; w++)
            {
                int first = (int)((long)items * w / workers);
                int last = (int)((long)items * (w + 1) / workers);
                if (first < last) body.Run(w, first, last);
            }
        }
    }
}
