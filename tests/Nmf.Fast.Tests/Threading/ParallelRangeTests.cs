// The struct-action parallel-for: covers every index once, runs nested and concurrent calls, surfaces exceptions.
using Nmf.Fast.Threading;

namespace Nmf.Fast.Tests.Threading;

public class ParallelRangeTests
{
    private readonly struct MarkAction(int[] hits) : IRangeAction
    {
        public void Invoke(int start, int end)
        {
            for (int i = start; i < end; i++) Interlocked.Increment(ref hits[i]);
        }
    }

    private readonly struct ThrowingAction : IRangeAction
    {
        public void Invoke(int start, int end) => throw new InvalidOperationException($"range {start}..{end}");
    }

    [Theory]
    [InlineData(0, 1, -1)]
    [InlineData(1, 1, -1)]
    [InlineData(7, 1, 2)]
    [InlineData(1000, 10, -1)]
    [InlineData(1000, 1000, -1)]
    [InlineData(5, 1, 64)]
    public void For_VisitsEveryIndexExactlyOnce(int count, int minPerWorker, int dop)
    {
        var hits = new int[count];
        ParallelRange.For(count, minPerWorker, dop, new MarkAction(hits));
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Theory]
    [InlineData(1000, 1, 4)]
    [InlineData(7, 1, 8)]
    [InlineData(1001, 10, 3)]
    public void For_WithDynamicChunks_VisitsEveryIndexExactlyOnce(int count, int minPerWorker, int chunksPerWorker)
    {
        var hits = new int[count];
        ParallelRange.For(count, minPerWorker, -1, new MarkAction(hits), chunksPerWorker);
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    /// <summary>Records the chunks it is given (start, end), so that the test can check their boundaries.</summary>
    private readonly struct ChunkLog(int[] hits, System.Collections.Concurrent.ConcurrentBag<(int, int)> chunks) : IRangeAction
    {
        public void Invoke(int start, int end)
        {
            chunks.Add((start, end));
            for (int i = start; i < end; i++) Interlocked.Increment(ref hits[i]);
        }
    }

    [Theory]
    [InlineData(0, 0, 1, -1)]
    [InlineData(1, 0, 1, -1)]
    [InlineData(1, 1, 1, 2)]
    [InlineData(79, 39, 4, 2)]
    [InlineData(10000, 5000, 312, -1)]
    [InlineData(10, 10, 3, 2)]
    [InlineData(10, 3, 100, 2)]
    [InlineData(50, 20, 3, 1)]
    public void ForHalves_VisitsEveryIndexOnce_InChunksCutFromEachHalfsStart(int count, int split, int chunk, int dop)
    {
        for (int round = 0; round < 200; round++)
        {
            var hits = new int[count];
            var chunks = new System.Collections.Concurrent.ConcurrentBag<(int Start, int End)>();
            ParallelRange.ForHalves(count, split, chunk, dop, new ChunkLog(hits, chunks));
            Assert.All(hits, h => Assert.Equal(1, h));
            // One thread, or the pool busy with another test's region: the whole range at once, on this thread.
            if (chunks.Count == 1 && chunks.Single() == (0, count)) continue;
            Assert.NotEqual(1, dop);
            // On two workers: chunks of `chunk` items from 0 and from split, none straddling the split.
            foreach (var (start, end) in chunks)
            {
                int from = start < split ? 0 : split, limit = start < split ? split : count;
                Assert.Equal(0, (start - from) % chunk);
                Assert.Equal(Math.Min(start + chunk, limit), end);
            }
        }
    }

    [Fact]
    public void ForHalves_RejectsASplitOutsideTheRange()
    {
        var hits = new int[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => ParallelRange.ForHalves(4, 5, 1, 2, new MarkAction(hits)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParallelRange.ForHalves(4, -1, 1, 2, new MarkAction(hits)));
    }

    [Fact]
    public void For_NestedAndConcurrentCalls_StillVisitEveryIndexOnce()
    {
        var hits = new int[400];
        Parallel.For(0, 4, t => ParallelRange.For(100, 1, -1, new OffsetAction(hits, t * 100)));
        ParallelRange.For(4, 1, -1, new NestedOuter(hits));
        Assert.All(hits, h => Assert.Equal(2, h));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public void For_ManyShortRegionsInARow_EachVisitEveryIndexOnce(int chunksPerWorker)
    {
        // Short regions race the caller's revocation of a part no worker has started against the worker's
        // wake-up: every index must still be visited exactly once, whoever ends up running the part.
        var hits = new int[3];
        for (int round = 0; round < 3000; round++)
        {
            Array.Clear(hits);
            ParallelRange.For(hits.Length, 1, -1, new MarkAction(hits), chunksPerWorker);
            Assert.All(hits, h => Assert.Equal(1, h));
        }
    }

    [Fact]
    public void For_PropagatesExceptionsFromWorkers()
        => Assert.Throws<InvalidOperationException>(() => ParallelRange.For(100, 1, -1, new ThrowingAction()));

    [Theory]
    [InlineData(100, 1, -1)]
    [InlineData(100, 60, -1)]
    [InlineData(1, 1, -1)]
    [InlineData(100, 1, 1)]
    public void WorkerCount_RespectsWorkFloorAndDegree(int count, int minPerWorker, int dop)
    {
        int w = ParallelRange.WorkerCount(count, minPerWorker, dop);
        Assert.InRange(w, 1, Environment.ProcessorCount);
        Assert.True(w == 1 || count / w >= minPerWorker);
        if (dop > 0) Assert.True(w <= dop);
    }

    private readonly struct OffsetAction(int[] hits, int offset) : IRangeAction
    {
        public void Invoke(int start, int end)
        {
            for (int i = start; i < end; i++) Interlocked.Increment(ref hits[offset + i]);
        }
    }

    private readonly struct NestedOuter(int[] hits) : IRangeAction
    {
        public void Invoke(int start, int end)
        {
            for (int t = start; t < end; t++) ParallelRange.For(100, 1, -1, new OffsetAction(hits, t * 100));
        }
    }
}
