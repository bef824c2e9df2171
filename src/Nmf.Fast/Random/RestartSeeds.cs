// Per-restart seeds derived from one base seed, the way scikit-learn derives n_init seeds (KMeans).
namespace Nmf.Fast.Random;

/// <summary>
/// Seeds for repeated fits (restarts) from one base seed s: the r-th restart uses the r-th value of
/// <c>numpy.random.RandomState(s).randint(np.iinfo(np.int32).max, size=R)</c> — the scheme scikit-learn's
/// <c>KMeans(n_init=R, random_state=s)</c> uses for its runs — so a restart can be replayed alone, in either
/// library, by passing its derived seed as <c>random_state</c>.
/// </summary>
internal static class RestartSeeds
{
    /// <summary>Fills <paramref name="seeds"/> with the derived seeds (each in [0, 2³¹−2]).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The base seed is negative.</exception>
    public static void Derive(int baseSeed, Span<int> seeds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(baseSeed);
        var random = new NumPyRandomState(baseSeed);
        for (int i = 0; i < seeds.Length; i++) seeds[i] = (int)random.RandomIntegerInclusive(int.MaxValue - 1);
    }
}
