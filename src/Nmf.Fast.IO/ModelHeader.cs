// The parsed model.json of a saved model: format version, dtype, shapes, the options Transform needs, the H file name.
namespace Nmf.Fast.IO;

/// <summary>What <see cref="ModelFile.ReadHeader"/> reads from a model directory's <c>model.json</c>.</summary>
/// <param name="FormatVersion">Always <see cref="ModelFile.FormatVersion"/> (other versions are refused).</param>
/// <param name="DType"><c>float32</c> or <c>float64</c>: the element type the model was fitted in.</param>
/// <param name="Rank">k, the rows of H.</param>
/// <param name="Features">n, the columns of H (the field <c>cols</c>).</param>
/// <param name="Options">The options of the fit that <c>Transform</c> uses (rank, solver, β, iteration limit, tolerance, regularisation).</param>
/// <param name="HPath">Full path of the H .npy file inside the directory.</param>
public sealed record ModelHeader(int FormatVersion, string DType, int Rank, int Features, NmfOptions Options, string HPath)
{
    /// <summary>True when the model was saved in single precision.</summary>
    public bool IsFloat32 => DType == "float32";
}
