// Files written by Nmf.Fast load in real NumPy/SciPy with the same values (runs only where /usr/bin/python3 has numpy and scipy).
using System.Diagnostics;
using Nmf.Fast.IO;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.IO;

public class NumPyInteropTests
{
    private const string Python = "/usr/bin/python3";

    private static string? RunPython(string script)
    {
        if (!File.Exists(Python)) return null;
        var info = new ProcessStartInfo(Python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(info)!;
        p.StandardInput.Write(script);
        p.StandardInput.Close();
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (error.Contains("ModuleNotFoundError", StringComparison.Ordinal)) return null;
        Assert.True(p.ExitCode == 0, error);
        return output.Trim();
    }

    [Fact]
    public void WrittenNpyNpzMtxAndCsv_LoadInNumPyAndSciPy_WithTheSameValues()
    {
        using var tmp = new TempFolder();
        var dense = Matrix<double>.FromArray(new[,] { { 0.1, 0, 2.5 }, { 0, 3e-7, 0 } });
        var single = Matrix<float>.FromArray(new[,] { { 0.1f, 0f, 2.5f }, { 0f, 3e-7f, 0f } });
        var sparse = CsrMatrix<double>.FromDense(dense.AsReadOnlyMatrixSpan());
        MatrixFile.WriteNpy(tmp.File("d.npy"), dense.AsReadOnlyMatrixSpan());
        MatrixFile.WriteNpy(tmp.File("f.npy"), single.AsReadOnlyMatrixSpan());
        MatrixFile.WriteSparse(tmp.File("s.npz"), sparse);
        NpzFile.WriteSparse(tmp.File("stored.npz"), sparse, compressed: false);
        MatrixFile.WriteSparse(tmp.File("s.mtx"), sparse);
        MatrixFile.WriteDense(tmp.File("a.mtx"), dense.AsReadOnlyMatrixSpan());
        MatrixFile.WriteDense(tmp.File("d.csv"), dense.AsReadOnlyMatrixSpan());
        string script = $$"""
            import numpy as np, scipy.sparse as sp, scipy.io as sio, os
            os.chdir(r'{{tmp.Root}}')
            ref = np.array([[0.1, 0, 2.5], [0, 3e-7, 0]])
            ok = []
            d = np.load('d.npy'); ok.append(d.dtype == np.float64 and np.array_equal(d, ref))
            f = np.load('f.npy'); ok.append(f.dtype == np.float32 and np.array_equal(f, ref.astype(np.float32)))
            for name in ['s.npz', 'stored.npz']:
                s = sp.load_npz(name); ok.append(s.format == 'csr' and np.array_equal(s.toarray(), ref) and s.has_sorted_indices)
            ok.append(np.array_equal(sio.mmread('s.mtx').toarray(), ref))
            ok.append(np.array_equal(sio.mmread('a.mtx'), ref))
            ok.append(np.array_equal(np.loadtxt('d.csv', delimiter=','), ref))
            print(' '.join(str(bool(x)) for x in ok))
            """;
        string? result = RunPython(script);
        if (result is null) return; // no NumPy/SciPy on this machine
        Assert.Equal("True True True True True True True", result);
    }
}
