// The shared inputs every library reads: X (float64 .npy, or SciPy CSR .npz when sparse), W₀ and H₀ (.npy) in the output folder.
using Nmf.Fast.Init;
using Nmf.Fast.IO;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers.Data;

namespace Nmf.Fast.Cli.Compare;

/// <summary>Paths of the files written once per comparison and handed to every peer.</summary>
internal sealed record ProblemFiles(string X, string W0, string H0)
{
    /// <summary>Writes x.npy, w0.npy and h0.npy (float64, C order) into <paramref name="directory"/>, replacing old ones.</summary>
    public static ProblemFiles Write(string directory, Matrix<double> x, Matrix<double> w0, Matrix<double> h0)
    {
        var files = new ProblemFiles(Path.Combine(directory, "x.npy"), Path.Combine(directory, "w0.npy"), Path.Combine(directory, "h0.npy"));
        MatrixFile.WriteNpy(files.X, x.AsReadOnlyMatrixSpan(), overwrite: true);
        MatrixFile.WriteNpy(files.W0, w0.AsReadOnlyMatrixSpan(), overwrite: true);
        MatrixFile.WriteNpy(files.H0, h0.AsReadOnlyMatrixSpan(), overwrite: true);
        return files;
    }

    /// <summary>
    /// Writes X as x.npy (dense) or x.npz (SciPy CSR, float64, never densified), and w0.npy and h0.npy, into
    /// <paramref name="directory"/>, replacing old ones.
    /// </summary>
    public static ProblemFiles Write(string directory, CompareInput x, Matrix<double> w0, Matrix<double> h0)
    {
        if (x.Sparse is not { } csr) return Write(directory, x.Dense!, w0, h0);
        var files = new ProblemFiles(Path.Combine(directory, "x.npz"), Path.Combine(directory, "w0.npy"), Path.Combine(directory, "h0.npy"));
        MatrixFile.WriteSparse(files.X, csr, overwrite: true);
        MatrixFile.WriteNpy(files.W0, w0.AsReadOnlyMatrixSpan(), overwrite: true);
        MatrixFile.WriteNpy(files.H0, h0.AsReadOnlyMatrixSpan(), overwrite: true);
        return files;
    }

    /// <summary>
    /// W₀ and H₀ as scikit-learn makes them for this X; for a sparse X from its stored entries (scikit-learn's
    /// sparse branch: X.mean() over all m·n entries, randomized SVD over the CSR products), with no m×n buffer.
    /// </summary>
    public static (Matrix<double> W0, Matrix<double> H0) StartingPoint(CompareInput x, int rank, NmfInit init, int seed, int threads)
    {
        if (x.Sparse is not { } csr) return StartingPoint(x.Dense!, rank, init, seed, threads);
        var w0 = new Matrix<double>(x.Rows, rank);
        var h0 = new Matrix<double>(rank, x.Cols);
        NmfInitializer.Initialize(new CsrFitData<double>(csr), init, seed, w0.AsMatrixSpan(), h0.AsMatrixSpan(), threads);
        return (w0, h0);
    }

    /// <summary>W₀ (m×k) and H₀ (k×n) exactly as scikit-learn's <c>init=…, random_state=seed</c> makes them (float64).</summary>
    public static (Matrix<double> W0, Matrix<double> H0) StartingPoint(Matrix<double> x, int rank, NmfInit init, int seed, int threads)
    {
        var w0 = new Matrix<double>(x.Rows, rank);
        var h0 = new Matrix<double>(rank, x.Cols);
        NmfInitializer.Initialize(x.AsReadOnlyMatrixSpan(), init, seed, w0.AsMatrixSpan(), h0.AsMatrixSpan(), threads);
        return (w0, h0);
    }
}
