using ImageAI.Watermarks;

namespace ImageAI.Tests.Watermarks;

/// <summary>How far a line runs by a recogniser's reading of a strip that continues it (<see cref="ReadAlongSpan"/>).</summary>
public class ReadAlongSpanTests
{
    /// <summary>
    /// A reading of 100 steps over a 400 px strip (4 px a step) from a pattern: '#' a character at 0.95, '+' one at 0.6,
    /// '-' one at 0.4, '.' the blank; each character its own class, so neighbours count as two glyphs.
    /// </summary>
    private static TextLineSteps Reading(string pattern)
    {
        Assert.Equal(100, pattern.Length);
        var classes = new int[pattern.Length];
        var confidence = new float[pattern.Length];
        for (int k = 0; k < pattern.Length; k++)
        {
            (classes[k], confidence[k]) = pattern[k] switch { '#' => (10 + k, 0.95f), '+' => (10 + k, 0.6f), '-' => (10 + k, 0.4f), _ => (TextLineSteps.Blank, 0.99f) };
        }
        return new TextLineSteps(classes, confidence, 400);
    }

    private static (float End, int Characters) Follow(TextLineSteps steps, float foundEnd, int direction, bool[]? known = null) =>
        ReadAlongSpan.Follow(steps, foundEnd, direction, lineHeight: 20, minConfidence: 0.5f, chainConfidence: 0.3f, maxGap: 1.6f, pad: 0.5f, known);

    // Steps:            0         1         2         3         4         5         6         7         8         9
    //                   0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789
    private const string Words = "..#...#...#...#.......#...#...#...............................#...#.................................";

    [Fact]
    public void Characters_past_the_found_end_are_followed_across_a_word_space()
    {
        // Found: the first word (steps 2-14, the box ending at 64 px). A word space (steps 14 -> 22, 32 px = 1.6 heights)
        // is crossed; the gap to step 62 (128 px) is not.
        var (end, characters) = Follow(Reading(Words), foundEnd: 64, direction: 1);
        Assert.Equal(3, characters);
        Assert.Equal(30.5f * 4 + 10, end, 3);
    }

    [Fact]
    public void Nothing_past_the_end_gives_the_found_end()
    {
        var (end, characters) = Follow(Reading(Words), foundEnd: 130, direction: 1);
        Assert.Equal(0, characters);
        Assert.Equal(130, end);
    }

    [Fact]
    public void Lines_are_followed_backwards_too()
    {
        // Found: the second word (steps 22-30, the box starting at 84 px); before it the first word, over the word space.
        var (end, characters) = Follow(Reading(Words), foundEnd: 84, direction: -1);
        Assert.Equal(4, characters);
        Assert.Equal(2.5f * 4 - 10, end, 3);
    }

    [Fact]
    public void Weak_characters_keep_the_chain_without_counting_and_known_ones_are_not_new()
    {
        const string weak = "..#...#...-...-...-...#...#.........................................................................";
        var (end, characters) = Follow(Reading(weak), foundEnd: 30, direction: 1);
        Assert.Equal(2, characters);
        Assert.Equal(26.5f * 4 + 10, end, 3);
        // The same two characters inside another region's box: the chain passes them, nothing is new.
        var known = new bool[100];
        for (int k = 20; k < 30; k++) known[k] = true;
        Assert.Equal(0, Follow(Reading(weak), foundEnd: 30, direction: 1, known).Characters);
    }

    [Fact]
    public void A_glyph_read_over_several_steps_counts_once_and_a_bad_direction_is_refused()
    {
        var steps = new TextLineSteps([0, 0, 7, 7, 7, 0, 0, 0, 0, 0], [1, 1, 0.9f, 0.9f, 0.9f, 1, 1, 1, 1, 1], 40);
        Assert.Equal(1, ReadAlongSpan.Follow(steps, 4, 1, 8, 0.5f, 0.3f, 1.6f, 0.5f).Characters);
        Assert.Throws<ArgumentOutOfRangeException>(() => ReadAlongSpan.Follow(steps, 4, 0, 8, 0.5f, 0.3f, 1.6f, 0.5f));
    }
}
