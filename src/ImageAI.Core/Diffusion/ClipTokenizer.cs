using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ImageAI.Diffusion;

/// <summary>
/// The CLIP byte-level BPE tokenizer used by Stable Diffusion's text encoder, self-contained (no ONNX Runtime
/// extensions): NFC normalisation, HTML unescaping, whitespace cleanup and lower-casing, the CLIP pre-tokenisation
/// pattern, byte-to-unicode mapping, BPE merges by rank with a <c>&lt;/w&gt;</c> end-of-word mark, then BOS/EOS,
/// truncation and padding. Immutable after construction and thread-safe (the word cache is concurrent).
/// </summary>
public sealed partial class ClipTokenizer
{
    /// <summary>The start-of-text token string.</summary>
    public const string StartOfText = "<|startoftext|>";
    /// <summary>The end-of-text token string.</summary>
    public const string EndOfText = "<|endoftext|>";
    private const string EndOfWord = "</w>";

    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<(string, string), int> _ranks;
    private readonly string[] _byteToChar = BuildByteToChar();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int[]> _cache = new();

    /// <summary>Creates a tokenizer from an already parsed vocabulary and merge list (merges in rank order).</summary>
    /// <param name="vocab">Token string to id.</param>
    /// <param name="merges">Pairs in priority order.</param>
    /// <param name="maxLength">Sequence length including BOS and EOS (77 for CLIP).</param>
    /// <param name="padTokenId">Padding id; null pads with EOS as Stable Diffusion 1.x does.</param>
    public ClipTokenizer(IReadOnlyDictionary<string, int> vocab, IEnumerable<(string Left, string Right)> merges, int maxLength = 77, int? padTokenId = null)
    {
        ArgumentNullException.ThrowIfNull(vocab);
        ArgumentNullException.ThrowIfNull(merges);
        if (maxLength < 2) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "The sequence length must hold at least BOS and EOS.");
        _vocab = new Dictionary<string, int>(vocab, StringComparer.Ordinal);
        if (!_vocab.TryGetValue(StartOfText, out int bos) || !_vocab.TryGetValue(EndOfText, out int eos))
            throw new FormatException($"The vocabulary has no {StartOfText} / {EndOfText} tokens: it is not a CLIP vocabulary.");
        BosTokenId = bos;
        EosTokenId = eos;
        PadTokenId = padTokenId ?? eos;
        MaxLength = maxLength;
        _ranks = [];
        int rank = 0;
        foreach (var (left, right) in merges)
        {
            if (!_vocab.ContainsKey(left + right))
                throw new FormatException($"Merge #{rank + 1} '{left} {right}' produces '{left + right}', which is not in the vocabulary: the merges and the vocabulary do not belong together.");
            _ranks.TryAdd((left, right), rank++);
        }
        if (rank == 0) throw new FormatException("The merge list is empty.");
    }

    /// <summary>Loads <c>vocab.json</c> and <c>merges.txt</c> (the Hugging Face CLIP tokenizer files).</summary>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="FormatException">The files are not a consistent CLIP tokenizer.</exception>
    public static ClipTokenizer Load(string vocabPath, string mergesPath, int maxLength = 77, int? padTokenId = null)
    {
        if (!File.Exists(vocabPath)) throw new FileNotFoundException($"Tokenizer vocabulary not found: {vocabPath}", vocabPath);
        if (!File.Exists(mergesPath)) throw new FileNotFoundException($"Tokenizer merges not found: {mergesPath}", mergesPath);
        Dictionary<string, int>? vocab;
        try
        {
            vocab = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllBytes(vocabPath));
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{vocabPath} is not a JSON token-to-id map: {ex.Message}", ex);
        }
        if (vocab is null || vocab.Count == 0) throw new FormatException($"{vocabPath} is empty.");
        return new ClipTokenizer(vocab, ReadMerges(mergesPath), maxLength, padTokenId);
    }

    private static IEnumerable<(string, string)> ReadMerges(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line.StartsWith("#version", StringComparison.Ordinal)) continue;
            int space = line.IndexOf(' ');
            if (space <= 0 || space == line.Length - 1) throw new FormatException($"{path}: malformed merge line '{line}'.");
            yield return (line[..space], line[(space + 1)..]);
        }
    }

    /// <summary>The beginning-of-sequence id (49406 for CLIP).</summary>
    public int BosTokenId { get; }

    /// <summary>The end-of-sequence id (49407 for CLIP).</summary>
    public int EosTokenId { get; }

    /// <summary>The id used to pad sequences to <see cref="MaxLength"/>.</summary>
    public int PadTokenId { get; }

    /// <summary>Sequence length including BOS and EOS.</summary>
    public int MaxLength { get; }

    /// <summary>Number of entries in the vocabulary.</summary>
    public int VocabularySize => _vocab.Count;

    /// <summary>The largest id in the vocabulary (the text encoder's embedding table must be larger).</summary>
    public int MaxTokenId => _vocab.Values.Max();

    /// <summary>
    /// Token ids of <paramref name="text"/> without BOS/EOS and without truncation.
    /// </summary>
    public List<int> EncodeRaw(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        foreach (Match m in PreTokenizer().Matches(Normalize(text)))
            ids.AddRange(EncodeWord(m.Value));
        return ids;
    }

    /// <summary>
    /// BOS, the prompt's tokens truncated to <see cref="MaxLength"/> - 2, EOS, then padding to <see cref="MaxLength"/>
    /// (or no padding when <paramref name="pad"/> is false).
    /// </summary>
    public int[] Encode(string text, bool pad = true)
    {
        var raw = EncodeRaw(text);
        int n = Math.Min(raw.Count, MaxLength - 2);
        var ids = new int[pad ? MaxLength : n + 2];
        ids[0] = BosTokenId;
        for (int i = 0; i < n; i++) ids[i + 1] = raw[i];
        ids[n + 1] = EosTokenId;
        for (int i = n + 2; i < ids.Length; i++) ids[i] = PadTokenId;
        return ids;
    }

    /// <summary>
    /// Encodes a prompt written with the optional weighting syntax (<c>(word:1.3)</c>, <c>(word)</c> = x1.1,
    /// <c>[word]</c> = /1.1, <c>\(</c> for a literal bracket) into padded ids and one weight per position
    /// (1 for BOS, EOS and padding).
    /// </summary>
    public (int[] Ids, float[] Weights) EncodeWeighted(string prompt)
    {
        var ids = new List<int>();
        var weights = new List<float>();
        foreach (var (text, weight) in PromptWeighting.Parse(prompt))
        {
            var chunk = EncodeRaw(text);
            ids.AddRange(chunk);
            for (int i = 0; i < chunk.Count; i++) weights.Add(weight);
        }
        int n = Math.Min(ids.Count, MaxLength - 2);
        var outIds = new int[MaxLength];
        var outWeights = new float[MaxLength];
        Array.Fill(outWeights, 1f);
        outIds[0] = BosTokenId;
        for (int i = 0; i < n; i++) { outIds[i + 1] = ids[i]; outWeights[i + 1] = weights[i]; }
        outIds[n + 1] = EosTokenId;
        for (int i = n + 2; i < MaxLength; i++) outIds[i] = PadTokenId;
        return (outIds, outWeights);
    }

    /// <summary>The token string of an id, or null when the id is not in the vocabulary.</summary>
    public string? IdToToken(int id)
    {
        foreach (var kv in _vocab) if (kv.Value == id) return kv.Key;
        return null;
    }

    /// <summary>CLIP's text cleanup: NFC, HTML entities unescaped (twice, as CLIP does), whitespace runs to one space, trimmed, lower-cased.</summary>
    internal static string Normalize(string text)
    {
        text = text.Normalize(NormalizationForm.FormC);
        text = WebUtility.HtmlDecode(WebUtility.HtmlDecode(text));
        text = Whitespace().Replace(text, " ").Trim();
        return text.ToLower(CultureInfo.InvariantCulture);
    }

    private int[] EncodeWord(string token)
    {
        if (_cache.TryGetValue(token, out var cached)) return cached;
        // the special tokens map to themselves, as in CLIP's reference implementation
        if (token is StartOfText or EndOfText) return [_vocab[token]];
        // byte-level: each UTF-8 byte becomes one printable unicode character
        var bytes = Encoding.UTF8.GetBytes(token);
        var word = new List<string>(bytes.Length);
        foreach (var b in bytes) word.Add(_byteToChar[b]);
        word[^1] += EndOfWord;

        while (word.Count > 1)
        {
            int best = -1, bestRank = int.MaxValue;
            for (int i = 0; i < word.Count - 1; i++)
                if (_ranks.TryGetValue((word[i], word[i + 1]), out int r) && r < bestRank) { bestRank = r; best = i; }
            if (best < 0) break;
            // merge every occurrence of the best pair, left to right (as the reference BPE does)
            string left = word[best], right = word[best + 1];
            var merged = new List<string>(word.Count);
            for (int i = 0; i < word.Count;)
            {
                if (i < word.Count - 1 && word[i] == left && word[i + 1] == right) { merged.Add(left + right); i += 2; }
                else merged.Add(word[i++]);
            }
            word = merged;
        }

        var ids = new int[word.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            if (!_vocab.TryGetValue(word[i], out ids[i]))
                throw new FormatException($"BPE produced '{word[i]}', which is not in the vocabulary: the tokenizer files are inconsistent.");
        }
        if (_cache.Count < 100_000) _cache.TryAdd(token, ids);
        return ids;
    }

    /// <summary>GPT-2/CLIP byte-to-unicode table: printable bytes map to themselves, the rest to 256+n.</summary>
    private static string[] BuildByteToChar()
    {
        var map = new string[256];
        int n = 0;
        for (int b = 0; b < 256; b++)
        {
            bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? ((char)b).ToString() : ((char)(256 + n++)).ToString();
        }
        return map;
    }

    // CLIP's pattern: special tokens, English contractions, letter runs, single digits, other non-space runs.
    [GeneratedRegex(@"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PreTokenizer();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
