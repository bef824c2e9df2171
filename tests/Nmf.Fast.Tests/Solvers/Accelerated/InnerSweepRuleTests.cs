// InnerSweepRule.Accelerated: Gillis & Glineur's ρ budget weighs the products by the entries they run over (m·n dense, nnz sparse).
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers.Accelerated;
using Nmf.Fast.Solvers.Data;

namespace Nmf.Fast.Tests.Solvers.Accelerated;

public class InnerSweepRuleTests
{
    [Fact]
    public void SparseBudget_FollowsNnz_NotTheDenseShape()
    {
        // The issue-4 shape, 20000×5000 with 1 % stored, k = 20: ρ_W = 1 + (10⁶ + 5000·20)/(20000·21) ≈ 3.6 → 1 + ⌊1.8⌋ = 2
        // sweeps, ρ_H = 1 + (10⁶ + 20000·20)/(5000·21) ≈ 14.3 → 8; the dense shape would allow 1 + ⌊0.5·(1 + (10⁸ + 10⁵)/(4.2·10⁵))⌋ = 120.
        Assert.Equal(2, InnerSweepRule.Accelerated(20000, 5000, 20, 1e6).MaxSweeps);
        Assert.Equal(8, InnerSweepRule.Accelerated(5000, 20000, 20, 1e6).MaxSweeps);
        Assert.Equal(120, InnerSweepRule.Accelerated(20000, 5000, 20, 20000.0 * 5000).MaxSweeps);
    }

    [Fact]
    public void CsrFitData_ReportsNnz_AsTheEntriesItsProductsRunOver()
    {
        var dense = new Matrix<double>(30, 7);
        dense[3, 4] = 1;
        dense[10, 0] = 2;
        var csr = CsrMatrix<double>.FromDense(dense.AsReadOnlyMatrixSpan());
        Assert.Equal(2, ((IFitData<double>)new CsrFitData<double>(csr)).ProductEntries);
    }
}
