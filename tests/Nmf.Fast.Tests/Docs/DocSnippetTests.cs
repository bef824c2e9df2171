// Every ```csharp block of the user-facing documents is, verbatim, a snippet region of DocSnippets.cs (which the tests compile and run).
namespace Nmf.Fast.Tests.Docs;

public class DocSnippetTests
{
    private const string SnippetSource = "tests/Nmf.Fast.Tests/Docs/DocSnippets.cs";

    /// <summary>The documents whose C# must compile and run: the repository README, the package READMEs, the API guide.</summary>
    private static readonly string[] DocumentPaths = ["README.md", "src/Nmf.Fast/README.md", "src/Nmf.Fast.IO/README.md", "docs/api.md"];

    public static TheoryData<string> Documents => new(DocumentPaths);

    [Theory]
    [MemberData(nameof(Documents))]
    public void EveryCSharpBlock_IsATestedSnippet(string document)
    {
        var snippets = Snippets(RepositoryFiles.ReadText(SnippetSource.Split('/')));
        var blocks = CSharpBlocks(RepositoryFiles.ReadText(document.Split('/')));
        Assert.NotEmpty(blocks);
        var stale = blocks.Where(b => !snippets.ContainsValue(b.Text)).ToList();
        Assert.True(stale.Count == 0,
            $"{document}: the ```csharp block(s) at line(s) {string.Join(", ", stale.Select(b => b.Line))} are not snippet regions of "
            + $"{SnippetSource}; edit the region there (it is compiled and run) and copy it verbatim into the document.");
    }

    [Fact]
    public void EverySnippet_IsShownInADocument()
    {
        var shown = DocumentPaths.SelectMany(d => CSharpBlocks(RepositoryFiles.ReadText(d.Split('/')))).Select(b => b.Text).ToHashSet(StringComparer.Ordinal);
        var unused = Snippets(RepositoryFiles.ReadText(SnippetSource.Split('/'))).Where(s => !shown.Contains(s.Value)).Select(s => s.Key).ToList();
        Assert.True(unused.Count == 0, $"snippet region(s) {string.Join(", ", unused)} of {SnippetSource} appear in no document (or differ from it)");
    }

    [Fact]
    public void SnippetParser_DedentsRegionsAndMarkdownParserFindsBlocks()
    {
        const string source = "class C\n{\n    void M()\n    {\n        // snippet: a\n        int x = 1;\n\n        if (x > 0)\n            x++;\n        // end snippet\n    }\n}\n";
        var snippets = Snippets(source);
        Assert.Equal("int x = 1;\n\nif (x > 0)\n    x++;", snippets["a"]);
        var blocks = CSharpBlocks("text\n```csharp\nint x = 1;\n\nif (x > 0)\n    x++;\n```\n```bash\nls\n```\n");
        Assert.Equal(snippets["a"], Assert.Single(blocks).Text);
    }

    /// <summary>Regions between "// snippet: name" and "// end snippet", de-indented by the marker's indentation.</summary>
    internal static Dictionary<string, string> Snippets(string source)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = source.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string marker = lines[i].TrimStart();
            if (!marker.StartsWith("// snippet:", StringComparison.Ordinal)) continue;
            string name = marker["// snippet:".Length..].Trim();
            int indent = lines[i].Length - marker.Length;
            var body = new List<string>();
            for (i++; i < lines.Length && lines[i].Trim() != "// end snippet"; i++)
                body.Add(lines[i].Length >= indent && string.IsNullOrWhiteSpace(lines[i][..indent]) ? lines[i][indent..] : lines[i].TrimStart());
            Assert.True(i < lines.Length, $"snippet {name} has no '// end snippet'");
            Assert.True(result.TryAdd(name, string.Join('\n', body)), $"snippet {name} defined twice");
        }
        return result;
    }

    /// <summary>The fenced ```csharp blocks of a Markdown text, with the 1-based line of each fence.</summary>
    internal static List<(int Line, string Text)> CSharpBlocks(string markdown)
    {
        var blocks = new List<(int, string)>();
        var lines = markdown.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() != "```csharp") continue;
            int start = i + 1;
            int end = start;
            while (end < lines.Length && lines[end].TrimEnd() != "```") end++;
            blocks.Add((start, string.Join('\n', lines[start..end])));
            i = end;
        }
        return blocks;
    }
}
