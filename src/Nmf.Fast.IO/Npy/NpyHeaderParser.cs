// Parses the Python dict literal of a .npy header without evaluating anything: strings, booleans, int tuples.
using System.Globalization;

namespace Nmf.Fast.IO;

/// <summary>
/// A strict recursive-descent parser for the one dict shape NumPy writes:
/// <c>{'descr': STRING, 'fortran_order': True|False, 'shape': (INT, ...)}</c>, keys in any order, trailing
/// commas and whitespace allowed. Anything else (lists for structured dtypes, missing or extra keys, nested
/// tuples, negative dimensions) is rejected with a message saying what was expected.
/// </summary>
internal ref struct NpyHeaderParser
{
    private const int MaxDimensions = 32;

    private readonly string _text;
    private readonly string _where;
    private int _pos;

    private NpyHeaderParser(string text, string where)
    {
        _text = text;
        _where = where;
        _pos = 0;
    }

    public static NpyHeader Parse(string text, string where, long headerBytes)
    {
        var parser = new NpyHeaderParser(text, where);
        return parser.ParseDict(headerBytes);
    }

    private NpyHeader ParseDict(long headerBytes)
    {
        string? descr = null;
        bool? fortran = null;
        long[]? shape = null;
        Expect('{');
        while (true)
        {
            SkipSpace();
            if (Peek() == '}')
            {
                _pos++;
                break;
            }
            string key = ParseString();
            Expect(':');
            switch (key)
            {
                case "descr":
                    SkipSpace();
                    if (Peek() == '[') throw Fail("'descr' is a list (a structured dtype), which is not supported");
                    descr = descr is null ? ParseString() : throw Fail("the key 'descr' appears twice");
                    break;
                case "fortran_order":
                    fortran = fortran is null ? ParseBool() : throw Fail("the key 'fortran_order' appears twice");
                    break;
                case "shape":
                    shape = shape is null ? ParseShape() : throw Fail("the key 'shape' appears twice");
                    break;
                default:
                    throw Fail($"unexpected key '{Truncate(key)}' (expected 'descr', 'fortran_order' and 'shape')");
            }
            SkipSpace();
            if (Peek() == ',')
            {
                _pos++;
                continue;
            }
            Expect('}');
            break;
        }
        SkipSpace();
        if (_pos != _text.Length) throw Fail("unexpected text after the closing '}'");
        if (descr is null) throw Fail("the key 'descr' is missing");
        if (fortran is null) throw Fail("the key 'fortran_order' is missing");
        if (shape is null) throw Fail("the key 'shape' is missing");
        return new NpyHeader(NpyDType.Parse(descr, _where), fortran.Value, shape, headerBytes);
    }

    private long[] ParseShape()
    {
        Expect('(');
        var dims = new List<long>();
        while (true)
        {
            SkipSpace();
            if (Peek() == ')')
            {
                _pos++;
                break;
            }
            if (dims.Count == MaxDimensions) throw Fail($"the shape has more than {MaxDimensions} dimensions");
            dims.Add(ParseDimension());
            SkipSpace();
            if (Peek() == ',')
            {
                _pos++;
                continue;
            }
            Expect(')');
            break;
        }
        return [.. dims];
    }

    private long ParseDimension()
    {
        SkipSpace();
        int start = _pos;
        if (Peek() == '-') throw Fail("the shape has a negative dimension");
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) _pos++;
        if (_pos == start) throw Fail("the shape must be a tuple of non-negative integers");
        if (!long.TryParse(_text.AsSpan(start, _pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            throw Fail($"the dimension {Truncate(_text[start.._pos])} is too large");
        if (Peek() == 'L') _pos++; // Python 2 long literal, as old NumPy versions wrote it.
        return value;
    }

    private bool ParseBool()
    {
        SkipSpace();
        if (Matches("True")) return true;
        if (Matches("False")) return false;
        throw Fail("'fortran_order' must be True or False");
    }

    private bool Matches(string word)
    {
        if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0) return false;
        _pos += word.Length;
        return true;
    }

    private string ParseString()
    {
        SkipSpace();
        char quote = Peek();
        if (quote is not ('\'' or '"')) throw Fail("expected a quoted string");
        int start = ++_pos;
        while (_pos < _text.Length && _text[_pos] != quote)
        {
            if (_text[_pos] == '\\') throw Fail("escaped characters in strings are not supported");
            _pos++;
        }
        if (_pos >= _text.Length) throw Fail("a string is not closed");
        return _text[start.._pos++];
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (Peek() != c) throw Fail(_pos < _text.Length ? $"expected '{c}' but found '{_text[_pos]}'" : $"expected '{c}' but the header ends");
        _pos++;
    }

    private readonly char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipSpace()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\n' or '\r') _pos++;
    }

    private readonly InvalidDataException Fail(string problem) =>
        new($"{_where}: malformed .npy header at character {_pos}: {problem}.");

    private static string Truncate(string s) => s.Length <= 32 ? s : s[..32] + "…";
}
