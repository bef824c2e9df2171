// Momentum between outer iterations with restarts (Ang & Gillis 2019): the β schedule and the accepted/previous factor copies.
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Solvers.Accelerated;

/// <summary>
/// Extrapolation for alternating NMF solvers (A. M. S. Ang, N. Gillis, <i>Accelerating nonnegative matrix
/// factorization algorithms using extrapolation</i>, Neural Computation 31(2), 2019, Algorithm 2 with its restart rule).
/// The solver keeps the accepted iterate (W_a, H_a) with objective f_a and the previously accepted one (W_p, H_p).
/// Each outer iteration starts from the extrapolated point
/// <code>  Ŵ = [W_a + β·(W_a − W_p)]₊,   Ĥ = [H_a + β·(H_a − H_p)]₊  </code>
/// (projected so every iterate stays feasible) and runs one HALS/ANLS iteration from it, giving (W, H) with
/// objective f. If f ≤ f_a the step is accepted (β ← min(β̄, γ·β), β̄ ← min(1, γ̄·β̄)); otherwise it is rejected —
/// (W_a, H_a) is kept, β̄ ← β, β ← β/η — and the next iteration restarts without momentum (β = 0, a plain step,
/// which never increases the objective). So the sequence of accepted objectives never increases.
/// </summary>
internal sealed class Extrapolation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initial β (Ang &amp; Gillis: 0.5).</summary>
    public const double InitialBeta = 0.5;

    /// <summary>Divisor of β after a rejected step (η = 1.5).</summary>
    public const double Eta = 1.5;

    /// <summary>Growth of β after an accepted step (γ = 1.01).</summary>
    public const double Gamma = 1.01;

    /// <summary>Growth of the ceiling β̄ after an accepted step (γ̄ = 1.005).</summary>
    public const double GammaBar = 1.005;

    private readonly Matrix<T> _wtAccepted, _wtPrevious, _hAccepted, _hPrevious;
    private double _beta = InitialBeta, _betaMax = 1;
    private bool _hasPrevious, _restart;

    public Extrapolation(int k, int m, int n)
    {
        _wtAccepted = new Matrix<T>(k, m);
        _wtPrevious = new Matrix<T>(k, m);
        _hAccepted = new Matrix<T>(k, n);
        _hPrevious = new Matrix<T>(k, n);
    }

    /// <summary>The objective of the accepted iterate.</summary>
    public double AcceptedLoss { get; private set; } = double.PositiveInfinity;

    /// <summary>The relative error of the accepted iterate.</summary>
    public double AcceptedRelativeError { get; private set; } = double.NaN;

    /// <summary>β of the next extrapolation (0 after a rejection).</summary>
    public double NextBeta => _hasPrevious && !_restart ? _beta : 0;

    /// <summary>Records the starting iterate (Wᵀ, H) and its objective as the first accepted one.</summary>
    public void Start(Matrix<T> wt, Matrix<T> h, double loss, double relativeError)
    {
        wt.AsSpan().CopyTo(_wtAccepted.AsSpan());
        h.AsSpan().CopyTo(_hAccepted.AsSpan());
        AcceptedLoss = loss;
        AcceptedRelativeError = relativeError;
    }

    /// <summary>Writes the point the next iteration starts from into <paramref name="wt"/> and <paramref name="h"/>.</summary>
    public void Extrapolate(Matrix<T> wt, Matrix<T> h)
    {
        double beta = NextBeta;
        Extrapolate(_wtAccepted, _wtPrevious, beta, wt);
        Extrapolate(_hAccepted, _hPrevious, beta, h);
    }

    /// <summary>
    /// Accepts the iterate (<paramref name="wt"/>, <paramref name="h"/>) of objective <paramref name="loss"/> when it
    /// does not increase the accepted objective (or when it came from a plain step), else rejects it.
    /// </summary>
    /// <returns>True when accepted.</returns>
    public bool Offer(Matrix<T> wt, Matrix<T> h, double loss, double relativeError)
    {
        bool plainStep = NextBeta == 0;
        if (loss > AcceptedLoss && !plainStep)
        {
            _betaMax = _beta;
            _beta /= Eta;
            _restart = true;
            return false;
        }
        if (_hasPrevious && !_restart && !plainStep)
        {
            _beta = Math.Min(_betaMax, Gamma * _beta);
            _betaMax = Math.Min(1, GammaBar * _betaMax);
        }
        _restart = false;
        _wtAccepted.AsSpan().CopyTo(_wtPrevious.AsSpan());
        _hAccepted.AsSpan().CopyTo(_hPrevious.AsSpan());
        wt.AsSpan().CopyTo(_wtAccepted.AsSpan());
        h.AsSpan().CopyTo(_hAccepted.AsSpan());
        _hasPrevious = true;
        AcceptedLoss = loss;
        AcceptedRelativeError = relativeError;
        return true;
    }

    /// <summary>Copies the accepted iterate into <paramref name="wt"/> and <paramref name="h"/> (the result of the fit).</summary>
    public void CopyAccepted(Matrix<T> wt, Matrix<T> h)
    {
        _wtAccepted.AsSpan().CopyTo(wt.AsSpan());
        _hAccepted.AsSpan().CopyTo(h.AsSpan());
    }

    // y = max(a + β·(a − p), 0), element-wise; with β = 0, y = a.
    private static void Extrapolate(Matrix<T> accepted, Matrix<T> previous, double beta, Matrix<T> y)
    {
        var a = accepted.AsSpan();
        var d = y.AsSpan();
        if (beta == 0)
        {
            a.CopyTo(d);
            return;
        }
        var p = previous.AsSpan();
        T b = T.CreateTruncating(beta);
        for (int i = 0; i < a.Length; i++) d[i] = T.Max(a[i] + b * (a[i] - p[i]), T.Zero);
    }
}
