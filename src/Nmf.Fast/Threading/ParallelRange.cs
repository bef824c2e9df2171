// A struct-action parallel-for over disjoint index ranges, with a minimum amount of work per thread.
namespace Nmf.Fast.Threading;

/// <summary>Work on the half-open index range [start, end); implemented by structs so calls are not virtual.</summary>
internal interface IRangeAction
{
    void Invoke(int start, int end);
}

/// <summary>
/// Splits [0, count) into contiguous chunks, one per worker, and runs them on the persistent
/// <see cref="WorkerPool"/>. No allocation per call: the action is copied into a cached work item.
/// </summary>
internal static class ParallelRange
{
    /// <summary>The number of workers to use for <paramref name="count"/> items.</summary>
    public static int WorkerCount(int count, int minPerWorker, int maxDegreeOfParallelism)
    {
        int cores = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : Math.Min(maxDegreeOfParallelism, Environment.ProcessorCount);
        int byWork = Math.Max(1, count / Math.Max(1, minPerWorker));
        return Math.Max(1, Math.Min(cores, byWork));
    }

    /// <summary>
    /// Runs <paramref name="action"/> over [0, count) split into equal contiguous chunks, one per worker. Chunk
    /// boundaries depend only on count and the worker count, never on timing. When the pool is busy (another
    /// region is running, or this is called from inside a region) the whole range runs on this thread.
    /// </summary>
    public static void For<TAction>(int count, int minPerWorker, int maxDegreeOfParallelism, TAction action)
        where TAction : struct, IRangeAction
        => For(count, minPerWorker, maxDegreeOfParallelism, action, chunksPerWorker: 1);

    /// <summary>
    /// As <see cref="For{TAction}(int, int, int, TAction)"/>, but with <paramref name="chunksPerWorker"/> &gt; 1 the
    /// range is cut into that many contiguous chunks per worker, which workers take in turn as they finish: on a
    /// shared machine a thread the OS delays then holds back only its current chunk. Which thread runs a chunk
    /// depends on timing; the chunk boundaries do not, so an action whose result per index does not depend on
    /// its range gives the same result either way.
    /// </summary>
    public static void For<TAction>(int count, int minPerWorker, int maxDegreeOfParallelism, TAction action, int chunksPerWorker)
        where TAction : struct, IRangeAction
    {
        if (count <= 0) return;
        int workers = WorkerCount(count, minPerWorker, maxDegreeOfParallelism);
        if (workers > 1)
        {
            int chunk = chunksPerWorker <= 1 ? 0 : Math.Max(1, (count + workers * chunksPerWorker - 1) / (workers * chunksPerWorker));
            var item = RangeWorkItem<TAction>.Rent(count, chunk, action);
            try
            {
                if (WorkerPool.TryRun(item, workers)) return;
            }
            finally
            {
                RangeWorkItem<TAction>.Return(item);
            }
        }
        action.Invoke(0, count);
    }

    /// <summary>
    /// Runs <paramref name="action"/> over [0, count) on two workers that each prefer one half: the calling thread takes
    /// chunks of [0, <paramref name="split"/>) in order, the pool's worker chunks of [split, count); a worker whose half
    /// is done takes the chunks left in the other half. So in a loop of such regions each thread keeps touching the same
    /// data (what it wrote stays in its core's caches), and a thread the host slows down is covered by the other. Which
    /// thread runs a chunk depends on timing; the chunk boundaries do not (<paramref name="chunk"/> items from the start
    /// of each half), so an action whose result per index does not depend on its range gives the same result either way.
    /// Runs everything on this thread when the pool is busy or only one core is allowed.
    /// </summary>
    public static void ForHalves<TAction>(int count, int split, int chunk, int maxDegreeOfParallelism, TAction action)
        where TAction : struct, IRangeAction
    {
        if (count <= 0) return;
        if ((uint)split > (uint)count) throw new ArgumentOutOfRangeException(nameof(split), split, $"The split must be within [0, {count}].");
        if (WorkerCount(count, 1, maxDegreeOfParallelism) >= 2)
        {
            var item = HalvesWorkItem<TAction>.Rent(count, split, Math.Max(1, chunk), action);
            try
            {
                if (WorkerPool.TryRun(item, 2)) return;
            }
            finally
            {
                HalvesWorkItem<TAction>.Return(item);
            }
        }
        action.Invoke(0, count);
    }

    /// <summary>The cached work item of <see cref="ForHalves"/>: two chunk cursors, one per half.</summary>
    private sealed class HalvesWorkItem<TAction> : WorkItem where TAction : struct, IRangeAction
    {
        [ThreadStatic]
        private static HalvesWorkItem<TAction>? t_cached;

        private TAction _action;
        private int _count;
        private int _split;
        private int _chunk;
        private int _nextFirst;
        private int _nextSecond;

        public static HalvesWorkItem<TAction> Rent(int count, int split, int chunk, TAction action)
        {
            var item = t_cached ?? new HalvesWorkItem<TAction>();
            t_cached = null;
            item._action = action;
            item._count = count;
            item._split = split;
            item._chunk = chunk;
            item._nextFirst = 0;
            item._nextSecond = split;
            return item;
        }

        public static void Return(HalvesWorkItem<TAction> item)
        {
            item._action = default;
            t_cached = item;
        }

        public override void Run(int part, int parts)
        {
            if (part == 0)
            {
                Drain(ref _nextFirst, _split);
                Drain(ref _nextSecond, _count);
            }
            else
            {
                Drain(ref _nextSecond, _count);
                Drain(ref _nextFirst, _split);
            }
        }

        /// <summary>Takes chunks from one half's cursor until it passes <paramref name="end"/>.</summary>
        private void Drain(ref int cursor, int end)
        {
            while (true)
            {
                long start = Interlocked.Add(ref cursor, _chunk) - (long)_chunk;
                if (start >= end) return;
                _action.Invoke((int)start, (int)Math.Min(start + _chunk, end));
            }
        }
    }

    /// <summary>The cached work item that carries one struct action into the pool.</summary>
    private sealed class RangeWorkItem<TAction> : WorkItem where TAction : struct, IRangeAction
    {
        [ThreadStatic]
        private static RangeWorkItem<TAction>? t_cached;

        private TAction _action;
        private int _count;
        private int _chunk;
        private int _nextChunk;

        public static RangeWorkItem<TAction> Rent(int count, int chunk, TAction action)
        {
            var item = t_cached ?? new RangeWorkItem<TAction>();
            t_cached = null;
            item._action = action;
            item._count = count;
            item._chunk = chunk;
            item._nextChunk = 0;
            return item;
        }

        public static void Return(RangeWorkItem<TAction> item)
        {
            item._action = default;
            t_cached = item;
        }

        public override void Run(int part, int parts)
        {
            if (_chunk == 0)
            {
                int start = (int)((long)_count * part / parts);
                int end = (int)((long)_count * (part + 1) / parts);
                if (start < end) _action.Invoke(start, end);
                return;
            }
            while (true)
            {
                long start = (long)(Interlocked.Increment(ref _nextChunk) - 1) * _chunk;
                if (start >= _count) return;
                _action.Invoke((int)start, (int)Math.Min(start + _chunk, _count));
            }
        }
    }
}
