// How the starting factors W₀, H₀ are chosen.
namespace Nmf.Fast;

/// <summary>Initialisation of W and H, with scikit-learn's meanings.</summary>
public enum NmfInit
{
    /// <summary>NNDSVDa when rank ≤ min(m, n), otherwise random (scikit-learn's default since 1.1).</summary>
    Auto = 0,

    /// <summary>|N(0,1)|·√(mean(X)/k), drawn from NumPy's legacy RandomState stream for the seed.</summary>
    Random,

    /// <summary>Non-negative double SVD (Boutsidis &amp; Gallopoulos 2008); zeros stay zero (good for sparse results).</summary>
    Nndsvd,

    /// <summary>NNDSVD with zeros filled by the mean of X.</summary>
    Nndsvda,

    /// <summary>NNDSVD with zeros filled by small random values (mean(X)/100 scale).</summary>
    Nndsvdar,

    /// <summary>User-supplied W₀ and H₀.</summary>
    Custom,
}
