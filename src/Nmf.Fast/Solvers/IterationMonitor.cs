// Records the loss trace, reports progress, and decides when cancellation or the time budget stop a fit.
using System.Diagnostics;

namespace Nmf.Fast.Solvers;

/// <summary>
/// Shared by every solver loop: call <see cref="Report(int, double)"/> whenever the loss is evaluated; call
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
    /// <remarks>When <see cref="UseTarget"/> said the loss is ½‖X − WH‖²_F, the relative error is derived from it (and checked against the target).</remarks>
    public void Report(int iteration, double loss) =>
        Report(iteration, loss, _target.LossIsHalfSquaredResidual ? TargetError.FromSquaredResidual(2 * loss, _target.XSquaredNorm) : double.NaN);

    /// <summary>Records the loss and the relative error ‖X − WH‖_F / ‖X‖_F after <paramref name="iteration"/>, reports them and checks the target.</summary>
    public void Report(int iteration, double loss, double relativeError)
    {
        var point = new NmfProgress(iteration, loss, _clock.Elapsed) { RelativeError = relativeError };
        _trace.Add(point);
        _progress?.Report(point);
        if (TargetIteration is null && _target.Target is { } target && relativeError <= target)
        {
            TargetIteration = iteration;
            TargetElapsed = point.Elapsed;
        }
    }

    /// <summary>Sets the target relative error and what the losses given to <see cref="Report(int, double)"/> mean.</summary>
    public void UseTarget(TargetError target) => _target = target;

    /// <summary>The first iteration whose relative error reached the target, if any; the fit stops after it.</summary>
    public int? TargetIteration { get; private set; }

    /// <summary>The elapsed time when <see cref="TargetIteration"/> was reported.</summary>
    public TimeSpan? TargetElapsed { get; private set; }

    private TargetError _target;

    /// <summary>True when the fit must stop now (cancelled, out of time, or the target error reached).</summary>
    public bool ShouldStop()
    {
        if (TargetIteration is not null) return true;
        if (_cancellation.IsCancellationRequested || (_timeBudget is { } budget && _clock.Elapsed >= budget))
            StoppedEarly = true;
        return StoppedEarly;
    }
}
