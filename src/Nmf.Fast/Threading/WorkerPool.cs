// Persistent worker threads that run one parallel region at a time without allocating per call.
using System.Runtime.ExceptionServices;

namespace Nmf.Fast.Threading;

/// <summary>A unit of parallel work: part <c>part</c> of <c>parts</c>. Instances are cached and reused.</summary>
internal abstract class WorkItem
{
    /// <summary>Runs part <paramref name="part"/> (0 ≤ part &lt; parts) of the region.</summary>
    public abstract void Run(int part, int parts);
}

/// <summary>
/// <see cref="Environment.ProcessorCount"/> − 1 background threads that sleep until a region starts. The calling
/// thread runs part 0 itself, then runs any part whose worker has not started yet (revoked, so a worker the OS has
/// not scheduled never holds back a finished region), and waits for the parts already running. One region runs at a time: a region requested while
/// another is running (from another thread, or nested inside a part) reports failure and the caller runs its
/// work serially, which gives the same results because work is always split over disjoint outputs.
/// </summary>
internal static class WorkerPool
{
    private static readonly Lock Gate = new();
    private static readonly ManualResetEventSlim AllDone = new(false, spinCount: 2000);
    private static Worker[]? _workers;
    private static WorkItem? _item;
    private static int _parts;
    private static int _remaining;
    private static Exception? _error;

    [ThreadStatic]
    private static bool t_insideRegion;

    /// <summary>The most parts a region can have (one per core).</summary>
    public static int MaxParts => Environment.ProcessorCount;

    /// <summary>
    /// Runs parts 0..<paramref name="parts"/>−1 of <paramref name="item"/> in parallel and returns true, or returns
    /// false without running anything when the pool is busy (the caller then runs the work itself).
    /// </summary>
    public static bool TryRun(WorkItem item, int parts)
    {
        if (parts < 2 || parts > MaxParts || t_insideRegion || !Gate.TryEnter()) return false;
        try
        {
            var workers = _workers ??= StartWorkers();
            _item = item;
            _parts = parts;
            _error = null;
            _remaining = parts - 1;
            AllDone.Reset();
            for (int w = 1; w < parts; w++) workers[w - 1].Start(w);
            RunPart(0);
            // A worker the OS has not scheduled yet (the other cores busy) would make this thread wait for it even
            // when part 0 has already taken every dynamic chunk. Parts that no worker has picked up are revoked and
            // run here instead (a chunked part then finds nothing left): same outputs, no wait on an idle start.
            for (int w = 1; w < parts; w++)
            {
                if (!workers[w - 1].TryRevoke()) continue;
                RunPart(w);
                if (Interlocked.Decrement(ref _remaining) == 0) AllDone.Set();
            }
            AllDone.Wait();
            _item = null;
            if (_error is { } e) ExceptionDispatchInfo.Throw(e);
            return true;
        }
        finally
        {
            Gate.Exit();
        }
    }

    private static void RunPart(int part)
    {
        t_insideRegion = true;
        try
        {
            _item!.Run(part, _parts);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _error, e, null);
        }
        finally
        {
            t_insideRegion = false;
        }
    }

    private static Worker[] StartWorkers()
    {
        var workers = new Worker[MaxParts - 1];
        for (int i = 0; i < workers.Length; i++) workers[i] = new Worker(i + 1);
        return workers;
    }

    /// <summary>One background thread with its own wake-up signal.</summary>
    private sealed class Worker
    {
        private const int Idle = 0, Pending = 1, Running = 2;
        private readonly ManualResetEventSlim _wake = new(false, spinCount: 2000);
        private int _part;
        private int _state;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"Nmf.Fast worker {index}" };
            thread.Start();
        }

        public void Start(int part)
        {
            _part = part;
            Volatile.Write(ref _state, Pending);
            _wake.Set();
        }

        /// <summary>Takes back a part this worker has not started; true when the caller must run it.</summary>
        public bool TryRevoke() => Interlocked.CompareExchange(ref _state, Idle, Pending) == Pending;

        private void Loop()
        {
            while (true)
            {
                _wake.Wait();
                _wake.Reset();
                // The state is read after the reset, so a region started meanwhile is never missed; a revoked
                // (or stale) wake-up finds Idle and goes back to sleep.
                if (Interlocked.CompareExchange(ref _state, Running, Pending) != Pending) continue;
                RunPart(_part);
                Volatile.Write(ref _state, Idle);
                if (Interlocked.Decrement(ref _remaining) == 0) AllDone.Set();
            }
        }
    }
}
