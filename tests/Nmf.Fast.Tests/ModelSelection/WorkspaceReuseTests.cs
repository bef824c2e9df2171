// WorkspaceReuse: nothing is kept outside a scope, a kept workspace comes back zeroed inside one, closing drops it.
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.ModelSelection;

public class WorkspaceReuseTests
{
    [Fact]
    public void OutsideAScope_NothingIsKept()
    {
        var m = new Matrix<double>(3, 4);
        WorkspaceReuse.Keep(m);
        Assert.Null(WorkspaceReuse.Take<Matrix<double>>());
        Assert.NotSame(m, WorkspaceReuse.ZeroedMatrix<double>(3, 4));
    }

    [Fact]
    public void InsideAScope_TheKeptMatrixComesBackZeroed_OnlyForItsShape_AndClosingDropsIt()
    {
        Matrix<double> kept;
        using (WorkspaceReuse.Open())
        {
            kept = WorkspaceReuse.ZeroedMatrix<double>(3, 4);
            kept[1, 2] = 7;
            WorkspaceReuse.Keep(kept);
            var again = WorkspaceReuse.ZeroedMatrix<double>(3, 4);
            Assert.Same(kept, again);
            Assert.All(again.AsSpan().ToArray(), v => Assert.Equal(0.0, v));
            WorkspaceReuse.Keep(again);
            var other = WorkspaceReuse.ZeroedMatrix<double>(4, 3); // another shape: a new matrix, the kept one stays
            Assert.NotSame(kept, other);
            WorkspaceReuse.Keep(other);
            Assert.Same(other, WorkspaceReuse.TakeMatrix<double>(4, 3));
            using (WorkspaceReuse.Open()) Assert.Null(WorkspaceReuse.Take<Matrix<double>>()); // a nested scope keeps its own
            Assert.Same(kept, WorkspaceReuse.TakeMatrix<double>(3, 4));
            WorkspaceReuse.Keep(kept);
        }
        Assert.Null(WorkspaceReuse.Take<Matrix<double>>());
    }
}
