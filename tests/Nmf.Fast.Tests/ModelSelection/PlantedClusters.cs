// Synthetic data with planted block clusters: items in cluster c are high on feature block c, plus uniform noise.
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.ModelSelection;

internal static class PlantedClusters
{
    /// <summary>
    /// k0 clusters of <paramref name="itemsPerCluster"/> items and k0 blocks of <paramref name="featuresPerBlock"/>
    /// features: X[item, feature] = U(0.5, 1.5) when the item's cluster owns the feature's block, plus U(0, noise)
    /// everywhere. Items are shuffled so clusters are not contiguous. Rows are items (columns when <paramref name="itemsAsColumns"/>).
    /// </summary>
    public static (Matrix<double> X, int[] Labels) Generate(int k0, int itemsPerCluster, int featuresPerBlock, double noise, int seed, bool itemsAsColumns = false)
    {
        var random = new System.Random(seed);
        int items = k0 * itemsPerCluster, features = k0 * featuresPerBlock;
        var labels = new int[items];
        for (int i = 0; i < items; i++) labels[i] = i % k0;
        random.Shuffle(labels);
        var x = itemsAsColumns ? new Matrix<double>(features, items) : new Matrix<double>(items, features);
        for (int i = 0; i < items; i++)
            for (int f = 0; f < features; f++)
            {
                double value = noise * random.NextDouble();
                if (f / featuresPerBlock == labels[i]) value += 0.5 + random.NextDouble();
                if (itemsAsColumns) x[f, i] = value;
                else x[i, f] = value;
            }
        return (x, labels);
    }
}
