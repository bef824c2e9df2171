// Records the loss trace, reports progress, and decides when cancellation or the time budget stop a fit.
using System.Diagnostics;

namespace Nmf.Fast.Solvers;

/// <summary>
/// Shared by every solver loop: call <see cref="Report"/> whenever the loss is evaluated; call
/// <see cref="ShouldStop"/> between iterations. Cancellation and the time budget never throw here: the
/// solver returns its current factors and the result is marked not converged.
/// </summary>
internal sealed class IterationMonitor
{
    private readonly IProgress<NmfProgress>? _progress;
    private readonly CancellationToken _cancellation;
    private readonly TimeSpan? _timeBudget;
    private readonly Stopwatch _clock;
    private readonly List<NmfProgress> _trace = [];

    public IterationMonitor(IProgress<NmfProgress>? progress, CancellationToken cancellation, TimeSpan? timeBudget, Stopwatch clock)
    {
        _progress = progress;
        _cancellation = cancellation;
        _timeBudget = timeBudget;
        _clock = clock;
    }

    /// <summary>Every evaluated loss, in order.</summary>
    public IReadOnlyList<NmfProgress> Trace => _trace;

    /// <summary>True once a stop was requested by cancellation or the time budget.</summary>
    public bool StoppedEarly { get; private set; }

    /// <summary>Time since the fit started.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Records the loss after <paramref name="iteration"/> and reports it.</summary>
    public void Report(int iteration, double loss)
    {
        var point = new NmfProgress(iteration, loss, _clock.Elapsed);
        _trace.Add(point);
        _progress?.Report(point);
    }

    /// <summary>True when the fit must stop now (cancelled, or out of time).</summary>
    public bool ShouldStop()
    {
        if (_cancellation.IsCancellationRequested || (_timeBudget is { } budget && _clock.Elapsed >= budget))
            StoppedEarly = true;
        return StoppedEarly;
    }
}
