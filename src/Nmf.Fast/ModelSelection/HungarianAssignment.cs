// The assignment problem (min-cost matching of rows to columns) by the Hungarian method with potentials, O(r²·c).
namespace Nmf.Fast.ModelSelection;

/// <summary>
/// Minimum-cost assignment of r rows to c ≥ r distinct columns (Kuhn 1955, "The Hungarian method for the assignment
/// problem", Naval Research Logistics Quarterly 2:83–97), in the shortest-augmenting-path form with row and column
/// potentials u, v (reduced cost a[i,j] − u[i] − v[j] ≥ 0 is kept throughout): rows are added one at a time and each
/// addition grows a Dijkstra-like alternating tree over the columns until it reaches a free column, so each row costs
/// O(r·c) and the whole O(r²·c) — O(k³) for two rank-k models.
/// </summary>
internal static class HungarianAssignment
{
    /// <summary>
    /// Fills <paramref name="assignment"/>[i] with the column matched to row i, minimising Σ cost[i, assignment[i]].
    /// </summary>
    /// <param name="cost">Row-major rows × cols costs, all finite.</param>
    /// <param name="rows">r ≥ 0.</param>
    /// <param name="cols">c ≥ r.</param>
    /// <param name="assignment">r entries.</param>
    public static void Solve(ReadOnlySpan<double> cost, int rows, int cols, Span<int> assignment)
    {
        if (rows < 0 || cols < rows) throw new ArgumentOutOfRangeException(nameof(cols), $"Need 0 ≤ rows ≤ cols, got {rows}×{cols}.");
        if (cost.Length < rows * cols) throw new ArgumentException($"cost holds {cost.Length} values, fewer than {rows}×{cols}.", nameof(cost));
        if (assignment.Length < rows) throw new ArgumentException($"assignment holds {assignment.Length} entries, fewer than {rows}.", nameof(assignment));
        foreach (double c in cost[..(rows * cols)])
            if (!double.IsFinite(c)) throw new ArgumentException("Costs must be finite.", nameof(cost));

        // Index 0 of the column arrays is a virtual column holding the row being added; real columns are 1..cols and
        // rows 1..rows, so "0" also means "unmatched".
        var u = new double[rows + 1];
        var v = new double[cols + 1];
        var rowOfColumn = new int[cols + 1];
        var previousColumn = new int[cols + 1];
        var slack = new double[cols + 1];
        var visited = new bool[cols + 1];
        for (int row = 1; row <= rows; row++)
        {
            rowOfColumn[0] = row;
            int column = 0;
            Array.Fill(slack, double.PositiveInfinity);
            Array.Clear(visited);
            do
            {
                // Grow the tree from the column just reached: relax the slack of every unvisited column through its row.
                visited[column] = true;
                int i = rowOfColumn[column];
                double delta = double.PositiveInfinity;
                int next = 0;
                for (int j = 1; j <= cols; j++)
                {
                    if (visited[j]) continue;
                    double reduced = cost[(i - 1) * cols + (j - 1)] - u[i] - v[j];
                    if (reduced < slack[j])
                    {
                        slack[j] = reduced;
                        previousColumn[j] = column;
                    }
                    if (slack[j] < delta)
                    {
                        delta = slack[j];
                        next = j;
                    }
                }
                // Shift the potentials by the smallest slack: tree edges stay tight, one more column becomes reachable.
                for (int j = 0; j <= cols; j++)
                {
                    if (visited[j])
                    {
                        u[rowOfColumn[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        slack[j] -= delta;
                    }
                }
                column = next;
            }
            while (rowOfColumn[column] != 0);

            // Augment: flip the matching along the path back to the virtual column.
            do
            {
                int previous = previousColumn[column];
                rowOfColumn[column] = rowOfColumn[previous];
                column = previous;
            }
            while (column != 0);
        }
        for (int j = 1; j <= cols; j++)
            if (rowOfColumn[j] != 0) assignment[rowOfColumn[j] - 1] = j - 1;
    }
}
