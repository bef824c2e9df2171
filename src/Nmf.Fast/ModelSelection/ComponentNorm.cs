// The norm that makes factor columns and rows unit length in the canonical form.
namespace Nmf.Fast.ModelSelection;

/// <summary>The norm used by <see cref="CanonicalForm"/> to scale W's columns and H's rows to unit length.</summary>
public enum ComponentNorm
{
    /// <summary>Σ|v|: unit columns of W and rows of H sum to 1 (RcppML's diagonal scaling), so d is the mass of each component in WH.</summary>
    L1,

    /// <summary>√Σv²: the Euclidean norm.</summary>
    L2,
}
