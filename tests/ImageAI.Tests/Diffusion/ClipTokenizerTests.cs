using System.Text.Json;
using ImageAI.Diffusion;
using ImageAI.Tests.Infrastructure;

namespace ImageAI.Tests.Diffusion;

/// <summary>
/// Golden ids for the CLIP tokenizer with ../shared/models/diffusion/clip (the SD 1.x/2.x files).
///
/// Where the goldens come from:
/// - "a photo of a cat" -> [49406, 320, 1125, 539, 320, 2368, 49407] is the published example (issue 6 and
///   models/README.md).
/// - "a photograph of an astronaut riding a horse" matches the ids commonly quoted for the diffusers example prompt.
/// - Every list below was produced by clip_reference.py (beside this file): an independent Python implementation
///   of the published CLIP algorithm using the third-party `regex` module for \p{L}/\p{N}, run as
///   `python3 clip_reference.py /work/shared/models/diffusion/clip &lt; prompts`. Two implementations in two
///   languages with different regex engines agreeing is the evidence; Python's transformers could not be run here.
/// - <see cref="SingleTokenWordsAreTheirVocabularyEntries"/> cross-checks whole words directly against vocab.json
///   (e.g. "cat&lt;/w&gt;" is 2368), independent of both implementations.
/// </summary>
public sealed class ClipTokenizerTests
{
    private static readonly Lazy<ClipTokenizer> Shared = new(() => ClipTokenizer.Load(
        TestData.Model("diffusion", "clip", "vocab.json"), TestData.Model("diffusion", "clip", "merges.txt")));

    public static TheoryData<string, int[]> Goldens => new()
    {
        { "a photo of a cat", [49406, 320, 1125, 539, 320, 2368, 49407] },
        { "a photograph of an astronaut riding a horse", [49406, 320, 8853, 539, 550, 18376, 6765, 320, 4558, 49407] },
        // lower-casing
        { "A Photo Of A CAT", [49406, 320, 1125, 539, 320, 2368, 49407] },
        // whitespace cleanup (tabs, newlines, runs, leading/trailing)
        { "  a   photo\tof\na cat  ", [49406, 320, 1125, 539, 320, 2368, 49407] },
        // punctuation: a run of non-letters is one pre-token
        { "Hello, world!", [49406, 3306, 267, 1002, 256, 49407] },
        { "cinematic lighting, 8k, ultra-detailed", [49406, 25602, 5799, 267, 279, 330, 267, 8118, 268, 12609, 49407] },
        // numbers: every digit is its own pre-token
        { "1920 x 1080", [49406, 272, 280, 273, 271, 343, 272, 271, 279, 271, 49407] },
        { "3.14159 is pi", [49406, 274, 269, 272, 275, 272, 276, 280, 533, 5357, 49407] },
        // contractions
        { "it's a dog's life, isn't it? they'll say we've done what i'd", [49406, 585, 568, 320, 1929, 568, 970, 267, 2923, 713, 585, 286, 889, 1342, 1451, 649, 1200, 1700, 768, 328, 1896, 49407] },
        { "Don't STOP!!!", [49406, 847, 713, 1691, 995, 49407] },
        // non-ASCII: accented Latin, CJK, Cyrillic, emoji, typographic punctuation (byte-level fallbacks)
        { "café crème brûlée", [49406, 15304, 1075, 12138, 614, 711, 127, 119, 75, 13489, 49407] },
        { "東京の夜景", [49406, 48338, 21078, 105, 21575, 23170, 250, 48132, 363, 49407] },
        { "Привет мир", [49406, 26302, 16370, 29503, 110, 22176, 141, 480, 38018, 16701, 141, 478, 49407] },
        { "emoji 🐱🚀", [49406, 16327, 35710, 13542, 49407] },
        { "naïve résumé — “quoted”", [49406, 1097, 35689, 563, 29106, 7054, 4166, 2005, 728, 506, 27706, 728, 507, 49407] },
        // HTML entities are unescaped
        { "a red car &amp; a blue bike", [49406, 320, 736, 1615, 261, 320, 1746, 3701, 49407] },
        { "portrait of a woman, by greg rutkowski, trending on artstation", [49406, 5352, 539, 320, 2308, 267, 638, 7943, 14973, 17649, 267, 6087, 525, 1486, 2631, 49407] },
        // brackets are plain text for Encode (the weighting syntax is only read by EncodeWeighted)
        { "a (very) [detailed] painting", [49406, 320, 263, 1070, 264, 314, 12609, 316, 3086, 49407] },
        // words split into several BPE pieces
        { "hyperrealistic photorealism", [49406, 7997, 16157, 1153, 20024, 49407] },
        // the special tokens written in the text map to themselves
        { "<|startoftext|>hello<|endoftext|>", [49406, 49406, 3306, 49407, 49407] },
        // empty prompt (the unconditional prompt of guidance)
        { "", [49406, 49407] },
    };

    [Theory]
    [MemberData(nameof(Goldens))]
    public void MatchesGoldenIds(string prompt, int[] expected)
    {
        var ids = Shared.Value.Encode(prompt, pad: false);
        Assert.Equal(expected, ids);
    }

    [Fact]
    public void PadsWithEndOfTextTo77()
    {
        var ids = Shared.Value.Encode("a photo of a cat");
        Assert.Equal(77, ids.Length);
        Assert.Equal([49406, 320, 1125, 539, 320, 2368, 49407], ids[..7]);
        Assert.All(ids[7..], id => Assert.Equal(49407, id));
    }

    [Fact]
    public void PadIdIsConfigurable()
    {
        var vocab = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllBytes(TestData.Model("diffusion", "clip", "vocab.json")))!;
        var merges = File.ReadLines(TestData.Model("diffusion", "clip", "merges.txt")).Skip(1).Select(l => (l.Split(' ')[0], l.Split(' ')[1]));
        var sd2 = new ClipTokenizer(vocab, merges, padTokenId: 0);   // SD 2.x pads with "!" (id 0)
        var ids = sd2.Encode("a photo of a cat");
        Assert.Equal(49407, ids[6]);
        Assert.All(ids[7..], id => Assert.Equal(0, id));
    }

    [Fact]
    public void LongPromptsAreTruncatedTo77WithEndOfText()
    {
        // "a cat " x 100 = 200 tokens: BOS + the first 75 + EOS (reference: clip_reference.py)
        var ids = Shared.Value.Encode(string.Concat(Enumerable.Repeat("a cat ", 100)));
        Assert.Equal(77, ids.Length);
        Assert.Equal(49406, ids[0]);
        for (int i = 1; i <= 75; i++) Assert.Equal(i % 2 == 1 ? 320 : 2368, ids[i]);
        Assert.Equal(49407, ids[76]);
    }

    [Theory]
    [InlineData("cat", 2368)]
    [InlineData("photo", 1125)]
    [InlineData("of", 539)]
    [InlineData("a", 320)]
    [InlineData("horse", 4558)]
    [InlineData("astronaut", 18376)]
    public void SingleTokenWordsAreTheirVocabularyEntries(string word, int expected)
    {
        var vocab = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllBytes(TestData.Model("diffusion", "clip", "vocab.json")))!;
        Assert.Equal(expected, vocab[word + "</w>"]);
        Assert.Equal([49406, expected, 49407], Shared.Value.Encode(word, pad: false));
    }

    [Fact]
    public void WeightingSyntaxGivesPerTokenWeightsAndSameIdsAsPlainText()
    {
        var (ids, weights) = Shared.Value.EncodeWeighted("a (red:1.5) car, [blurry]");
        Assert.Equal(Shared.Value.Encode("a red car, blurry"), ids);
        // a, red, car, ",", blurry
        Assert.Equal(1f, weights[1]);
        Assert.Equal(1.5f, weights[2]);
        Assert.Equal(1f, weights[3]);
        Assert.Equal(1f / 1.1f, weights[5], 5);
        Assert.Equal(1f, weights[0]);
        Assert.Equal(1f, weights[76]);
    }

    [Fact]
    public void PromptWeightingParsesNestingAndEscapes()
    {
        var runs = PromptWeighting.Parse(@"((big)) \(literal\) cat");
        Assert.Equal(("big", 1.1f * 1.1f), (runs[0].Text, runs[0].Weight), new WeightComparer());
        Assert.Equal(@" (literal) cat", runs[1].Text);
        Assert.Equal(1f, runs[1].Weight);
    }

    private sealed class WeightComparer : IEqualityComparer<(string, float)>
    {
        public bool Equals((string, float) x, (string, float) y) => x.Item1 == y.Item1 && Math.Abs(x.Item2 - y.Item2) < 1e-5;
        public int GetHashCode((string, float) obj) => obj.Item1.GetHashCode();
    }

    [Fact]
    public void MismatchedMergesAreRejected()
    {
        var vocab = new Dictionary<string, int> { ["a"] = 0, ["b"] = 1, ["<|startoftext|>"] = 2, ["<|endoftext|>"] = 3 };
        var ex = Assert.Throws<FormatException>(() => new ClipTokenizer(vocab, [("a", "b")]));
        Assert.Contains("not in the vocabulary", ex.Message);
        Assert.Throws<FormatException>(() => new ClipTokenizer(new Dictionary<string, int> { ["a"] = 0 }, [("a", "a")]));
    }
}
