// BenchmarkDotNet suite for NmfProjector: one-sample latency (n = 1000, k = 20 and 100) and two-thread throughput.
using BenchmarkDotNet.Attributes;
using Nmf.Fast.Benchmarks.Baselines;
using Nmf.Fast.Memory;
using Nmf.Fast.Projection;

namespace Nmf.Fast.Benchmarks;

/// <summary>
/// Projection in the request path: a float model with n = 1000 features fitted on low-rank data plus noise, samples
/// drawn from the same distribution. Default projector (warm-started active set, exact optimum);
/// <c>ProjectOneCoordinateDescent</c> runs Transform's rule per sample (tolerance 1e-4, at most MaxIterations = 100
/// sweeps) and <c>ProjectOneColdStartBaseline</c> the projector as first merged (<see cref="ColdStartActiveSetProjector"/>),
/// so one run compares all three on the same (shared) machine.
/// <c>ProjectOne</c> is the latency of one call; <c>OneThread</c> / <c>TwoThreads</c> project the same
/// <see cref="Batch"/>·2 samples (reported per sample) on the calling thread alone, and split between it and a
/// persistent partner thread (started once in the setup, woken per invocation, so nothing is allocated or started per
/// operation) — with no shared mutable state, two threads take half the time per sample on two free cores.
/// <para>
/// <c>TwoThreads</c> is a wall-clock figure over the whole invocation: the partner's wake-up and the final wait are inside
/// it, and any other process that holds either core during the job's three short iterations pulls it down, while
/// <c>OneThread</c> only needs one free core. On a 2-core machine a load average of 1 already halves a two-thread run
/// for the time it lasts. For the two-caller throughput use <c>projection-threads</c> (<see cref="ProjectionThroughput"/>),
/// which times each caller after a start barrier and keeps only rounds in which nothing else held either core.
/// </para>
/// </summary>
[MemoryDiagnoser]
public class ProjectionBenchmarks
{
    private const int Features = 1000;
    private const int SampleCount = 64;
    private const int Batch = 2000;
    private const int Guard = 16;

    [Params(20, 100)]
    public int Rank { get; set; }

    private NmfProjector<float> _projector = null!;
    private NmfProjector<float> _descent = null!;
    private ColdStartActiveSetProjector _baseline = null!;
    private Thread _partner = null!;
    private readonly SemaphoreSlim _partnerStart = new(0);
    private readonly SemaphoreSlim _partnerDone = new(0);
    private volatile bool _stopping;
    private Matrix<float> _samples = null!;
    private float[] _w = null!;
    private int _next;

    /// <summary>The fitted model and the <see cref="SampleCount"/> samples every benchmark projects (seed-stable).</summary>
    internal (NmfModel<float> Model, Matrix<float> Samples) ModelAndSamples()
    {
        var random = new System.Random(1);
        int trainRows = 2 * Rank + 200;
        var x = LowRankPlusNoise(trainRows, random);
        var model = NonNegativeMatrixFactorization.Fit(x, new NmfOptions { Rank = Rank, Seed = 0, MaxIterations = 100 }).Model;
        return (model, LowRankPlusNoise(SampleCount, random));
    }

    [GlobalSetup]
    public void Setup()
    {
        (var model, _samples) = ModelAndSamples();
        _projector = new NmfProjector<float>(model);
        _descent = new NmfProjector<float>(model, new ProjectorOptions { Method = ProjectionMethod.CoordinateDescent });
        _baseline = new ColdStartActiveSetProjector(model);
        // Each thread's output sits 64 bytes clear of any other object, so the two callers of TwoThreads never write
        // to one cache line (adjacent small arrays would share one and measure false sharing, not the projector).
        _w = new float[Rank + 2 * Guard];
        var partnerWeights = new float[Rank + 2 * Guard];
        _partner = new Thread(() =>
        {
            while (true)
            {
                _partnerStart.Wait();
                if (_stopping) return;
                Run(1, Batch, partnerWeights);
                _partnerDone.Release();
            }
        }) { IsBackground = true };
        _partner.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stopping = true;
        _partnerStart.Release();
        _partner.Join();
    }

    private Matrix<float> LowRankPlusNoise(int rows, System.Random random)
    {
        // Columns share Rank hidden factors drawn from the same seed-stable basis.
        var basisRandom = new System.Random(7);
        var basis = new float[Rank * Features];
        for (int i = 0; i < basis.Length; i++) basis[i] = basisRandom.NextSingle();
        var x = new Matrix<float>(rows, Features);
        for (int i = 0; i < rows; i++)
            for (int t = 0; t < Rank; t++)
            {
                float weight = random.NextSingle() < 0.3f ? random.NextSingle() : 0f;
                if (weight == 0) continue;
                for (int j = 0; j < Features; j++) x[i, j] += weight * basis[t * Features + j];
            }
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < Features; j++) x[i, j] += 0.01f * random.NextSingle();
        return x;
    }

    [Benchmark]
    public ProjectionResult ProjectOne()
    {
        int row = _next;
        _next = (_next + 1) % SampleCount;
        return _projector.Project(_samples.AsReadOnlyMatrixSpan().Row(row), Output(_w));
    }

    [Benchmark]
    public ProjectionResult ProjectOneCoordinateDescent()
    {
        int row = _next;
        _next = (_next + 1) % SampleCount;
        return _descent.Project(_samples.AsReadOnlyMatrixSpan().Row(row), Output(_w));
    }

    [Benchmark(OperationsPerInvoke = 2 * Batch)]
    public void OneThread() => Run(0, 2 * Batch, _w);

    [Benchmark]
    public int ProjectOneColdStartBaseline()
    {
        int row = _next;
        _next = (_next + 1) % SampleCount;
        return _baseline.Project(_samples.AsReadOnlyMatrixSpan().Row(row), Output(_w));
    }

    [Benchmark(OperationsPerInvoke = 2 * Batch)]
    public void TwoThreads()
    {
        _partnerStart.Release();
        Run(0, Batch, _w);
        _partnerDone.Wait();
    }

    private void Run(int offset, int count, float[] w)
    {
        var samples = _samples.AsReadOnlyMatrixSpan();
        var output = Output(w);
        for (int i = 0; i < count; i++) _projector.Project(samples.Row((offset * 31 + i) % SampleCount), output);
    }

    /// <summary>The <see cref="Rank"/> entries of a guarded output array, away from its neighbours' cache lines.</summary>
    private Span<float> Output(float[] guarded) => guarded.AsSpan(Guard, Rank);
}
