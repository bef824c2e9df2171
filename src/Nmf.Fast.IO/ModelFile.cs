// The on-disk model format (docs/formats.md, "Models"): a directory with model.json (versioned header) and H.npy.
using System.Numerics;
using System.Text.Json;
using Nmf.Fast.Memory;

namespace Nmf.Fast.IO;

/// <summary>
/// Saves and loads an <see cref="NmfModel{T}"/> as a directory holding <c>model.json</c> and <c>H.npy</c>, the layout
/// <c>nmf fit --out DIR</c> writes (which adds W.npy and the fit's numbers). Every file is written atomically
/// (temporary sibling renamed into place). Loading checks the format name and version, the dtype, that H is
/// rank × features, and that H is finite and non-negative; anything else is an <see cref="InvalidDataException"/>
/// naming the file and the problem.
/// </summary>
public static class ModelFile
{
    /// <summary>The value of the <c>format</c> field.</summary>
    public const string FormatName = "nmf-fast-model";

    /// <summary>The only <c>format_version</c> this build reads and writes.</summary>
    public const int FormatVersion = 1;

    /// <summary>The header file's name inside a model directory.</summary>
    public const string HeaderFileName = "model.json";

    /// <summary>
    /// Writes <paramref name="model"/> to <paramref name="directory"/> (created if missing): H.npy, then model.json.
    /// </summary>
    /// <exception cref="IOException">A file exists and <paramref name="overwrite"/> is false, or writing failed.</exception>
    public static void Save<T>(string directory, NmfModel<T> model, bool overwrite = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(model);
        string hPath = Path.Combine(directory, "H.npy"), jsonPath = Path.Combine(directory, HeaderFileName);
        if (!overwrite)
            foreach (var p in new[] { hPath, jsonPath })
                if (File.Exists(p)) throw new IOException($"{p}: already exists; refusing to overwrite it (use overwrite / --force).");
        Directory.CreateDirectory(directory);
        MatrixFile.WriteNpy(hPath, model.Components.AsReadOnlyMatrixSpan(), overwrite);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            WriteHeaderFields(w, model.Options, typeof(T) == typeof(float) ? "float32" : "float64", model.Features);
            w.WriteString("H", "H.npy");
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        WriteHeaderFile(jsonPath, buffer.ToArray(), overwrite);
    }

    /// <summary>
    /// The fields every model.json carries (format, format_version, dtype, rank, cols, solver, beta, max_iter, tol,
    /// alpha_w, alpha_h, l1_ratio), for writers that add their own (as <c>nmf fit</c> does) inside an open object.
    /// </summary>
    public static void WriteHeaderFields(Utf8JsonWriter writer, NmfOptions options, string dtype, int features)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(options);
        writer.WriteString("format", FormatName);
        writer.WriteNumber("format_version", FormatVersion);
        writer.WriteString("dtype", dtype);
        writer.WriteNumber("rank", options.Rank);
        writer.WriteNumber("cols", features);
        writer.WriteString("solver", NmfSolverNames.ToName(options.Solver));
        writer.WriteNumber("beta", options.Beta);
        writer.WriteNumber("max_iter", options.MaxIterations);
        writer.WriteNumber("tol", options.Tolerance);
        writer.WriteNumber("alpha_w", options.AlphaW);
        writer.WriteNumber("alpha_h", options.EffectiveAlphaH);
        writer.WriteNumber("l1_ratio", options.L1Ratio);
    }

    /// <summary>Writes a model.json (already serialised) atomically.</summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or writing failed.</exception>
    public static void WriteHeaderFile(string path, ReadOnlySpan<byte> json, bool overwrite)
    {
        using var file = AtomicFile.Create(path, overwrite);
        file.Stream.Write(json);
        file.Commit();
    }

    /// <summary>Reads and checks <c>DIR/model.json</c> without loading H.</summary>
    /// <param name="directory">The model directory (holding model.json).</param>
    /// <param name="maxDegreeOfParallelism">Put into the returned options (-1 = all cores).</param>
    /// <exception cref="FileNotFoundException">There is no model.json in the directory.</exception>
    /// <exception cref="InvalidDataException">Not a model file, another format version, or a missing or malformed field.</exception>
    public static ModelHeader ReadHeader(string directory, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string jsonPath = Path.Combine(directory, HeaderFileName);
        if (!File.Exists(jsonPath))
            throw new FileNotFoundException($"{jsonPath}: not found (expected a model directory written by 'nmf fit --out' or ModelFile.Save).", jsonPath);
        var info = new FileInfo(jsonPath);
        if (info.Length > 64 << 20) throw new InvalidDataException($"{jsonPath}: {info.Length} bytes is too large for a model header.");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(jsonPath));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format)
                || format.ValueKind != JsonValueKind.String || format.GetString() != FormatName)
                throw new InvalidDataException($"{jsonPath}: not an {FormatName} file (no \"format\": \"{FormatName}\").");
            int version = Required(root, "format_version", jsonPath).GetInt32();
            if (version != FormatVersion)
                throw new InvalidDataException($"{jsonPath}: format_version {version} is not supported; this build reads version {FormatVersion}.");
            string dtype = Required(root, "dtype", jsonPath).GetString() ?? "";
            if (dtype is not ("float32" or "float64"))
                throw new InvalidDataException($"{jsonPath}: dtype '{dtype}' is not float32 or float64.");
            int rank = Positive(root, "rank", jsonPath);
            int features = Positive(root, "cols", jsonPath);
            string solverName = Required(root, "solver", jsonPath).GetString() ?? "";
            if (!NmfSolverNames.TryParse(solverName, out var solver))
                throw new InvalidDataException($"{jsonPath}: solver '{solverName}' is not one of {NmfSolverNames.Accepted}.");
            string hName = root.TryGetProperty("H", out var hElement) ? hElement.GetString() ?? "" : "H.npy";
            if (hName.Length == 0 || hName != Path.GetFileName(hName) || hName is "." or "..")
                throw new InvalidDataException($"{jsonPath}: H must name a file inside the model directory, got '{hName}'.");
            NmfOptions options;
            try
            {
                options = new NmfOptions
                {
                    Rank = rank,
                    Solver = solver,
                    Beta = Required(root, "beta", jsonPath).GetDouble(),
                    MaxIterations = Positive(root, "max_iter", jsonPath),
                    Tolerance = Required(root, "tol", jsonPath).GetDouble(),
                    AlphaW = Required(root, "alpha_w", jsonPath).GetDouble(),
                    AlphaH = Required(root, "alpha_h", jsonPath).GetDouble(),
                    L1Ratio = Required(root, "l1_ratio", jsonPath).GetDouble(),
                    MaxDegreeOfParallelism = maxDegreeOfParallelism,
                };
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"{jsonPath}: {e.Message}", e);
            }
            return new ModelHeader(version, dtype, rank, features, options, Path.Combine(directory, hName));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{jsonPath}: malformed model header ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }

    /// <summary>Loads the model in <paramref name="directory"/> as <typeparamref name="T"/> (H is converted when the saved dtype differs).</summary>
    /// <exception cref="FileNotFoundException">model.json or H is missing.</exception>
    /// <exception cref="InvalidDataException">A bad header, or H that is not rank × features, or holds a negative, NaN or infinite value.</exception>
    public static NmfModel<T> Load<T>(string directory, int maxDegreeOfParallelism = -1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var header = ReadHeader(directory, maxDegreeOfParallelism);
        if (!File.Exists(header.HPath))
            throw new FileNotFoundException($"{header.HPath}: not found (named by {Path.Combine(directory, HeaderFileName)}).", header.HPath);
        Matrix<T> h;
        try
        {
            h = MatrixFile.ReadDense<T>(header.HPath);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new InvalidDataException($"{header.HPath}: {e.Message}", e);
        }
        if (h.Rows != header.Rank || h.Cols != header.Features)
            throw new InvalidDataException($"{header.HPath}: H is {h.Rows}×{h.Cols} but model.json says rank {header.Rank} × {header.Features} features.");
        try
        {
            return new NmfModel<T>(h, header.Options);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{header.HPath}: {e.Message}", e);
        }
    }

    private static JsonElement Required(JsonElement root, string name, string path) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new InvalidDataException($"{path}: the field \"{name}\" is missing.");

    private static int Positive(JsonElement root, string name, string path)
    {
        var e = Required(root, name, path);
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out int v) || v < 1)
            throw new InvalidDataException($"{path}: \"{name}\" must be a positive integer, got {e.GetRawText()}.");
        return v;
    }
}
