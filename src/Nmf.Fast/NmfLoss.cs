// Named values of β for the β-divergence loss.
namespace Nmf.Fast;

/// <summary>
/// Named β values for <see cref="NmfOptions.Beta"/>, as scikit-learn's <c>beta_loss</c> strings. Any other
/// finite β is allowed with <see cref="NmfSolver.MultiplicativeUpdate"/>.
/// </summary>
public static class NmfLoss
{
    /// <summary>β = 2: ½‖X − WH‖²_F (<c>'frobenius'</c>).</summary>
    public const double Frobenius = 2.0;

    /// <summary>β = 1: generalised Kullback–Leibler divergence (<c>'kullback-leibler'</c>).</summary>
    public const double KullbackLeibler = 1.0;

    /// <summary>β = 0: Itakura–Saito divergence (<c>'itakura-saito'</c>); X must have no zeros.</summary>
    public const double ItakuraSaito = 0.0;

    /// <summary>A short name for β: "frobenius", "kl", "is", or the number itself.</summary>
    public static string Name(double beta) => beta switch
    {
        Frobenius => "frobenius",
        KullbackLeibler => "kl",
        ItakuraSaito => "is",
        _ => beta.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
    };
}
