// The API listing sees every detail a caller compiles against, so the baseline check can fail on a breaking change.
namespace Nmf.Fast.Tests.Docs;

public class PublicApiListingTests
{
    public sealed class Fixture<T> where T : struct
    {
        public const string Name = "fixture";
        private T _value;
        public required int Count { get; init; }
        public string? Label { get; set; }
        public int Hidden { get; internal set; }
        public ref readonly T Peek(in T seed, out int sweeps, string? note = null, CancellationToken token = default)
        {
            _value = seed;
            sweeps = Count + (note?.Length ?? 0) + (token.IsCancellationRequested ? 1 : 0);
            return ref _value;
        }
        internal void NotListed() { }
        public static Fixture<T> Create(params int[] counts) => new() { Count = counts.Length };
    }

    [Fact]
    public void Listing_RendersModifiersNullabilityDefaultsAndAccessors()
    {
        string expected = """
            public sealed class Nmf.Fast.Tests.Docs.PublicApiListingTests.Fixture<T> where T : struct
                ctor()
                required int Count { get; init; }
                static Nmf.Fast.Tests.Docs.PublicApiListingTests.Fixture<T> Create(params int[] counts)
                int Hidden { get; }
                string? Label { get; set; }
                const string Name = "fixture"
                ref readonly T Peek(in T seed, out int sweeps, string? note = null, System.Threading.CancellationToken token = default)

            """.ReplaceLineEndings("\n");
        Assert.Equal(expected, PublicApiListing.Of([typeof(Fixture<>)]));
    }
}
