using System.Globalization;
using System.Text;

namespace ImageAI.Diffusion;

/// <summary>
/// Parses the common prompt-weighting syntax: <c>(text:1.3)</c> sets a weight, <c>(text)</c> multiplies by 1.1,
/// <c>[text]</c> divides by 1.1, brackets nest, and <c>\(</c> <c>\)</c> <c>\[</c> <c>\]</c> are literal.
/// Unbalanced brackets are treated as literal text rather than an error, so any prompt is accepted.
/// </summary>
public static class PromptWeighting
{
    /// <summary>The factor of one pair of round (up) or square (down) brackets.</summary>
    public const float BracketFactor = 1.1f;

    /// <summary>Splits a prompt into runs of text with their weights; each run is tokenized on its own.</summary>
    public static IReadOnlyList<(string Text, float Weight)> Parse(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var result = new List<(string Text, float Weight)>();
        var stack = new List<(char Open, int Start)>();   // open bracket and index into result where its text starts
        var text = new StringBuilder();
        void Flush()
        {
            if (text.Length == 0) return;
            result.Add((text.ToString(), 1f));
            text.Clear();
        }
        void Scale(int from, float factor)
        {
            for (int i = from; i < result.Count; i++) result[i] = (result[i].Text, result[i].Weight * factor);
        }

        for (int i = 0; i < prompt.Length; i++)
        {
            char c = prompt[i];
            if (c == '\\' && i + 1 < prompt.Length && prompt[i + 1] is '(' or ')' or '[' or ']') { text.Append(prompt[++i]); continue; }
            if (c is '(' or '[') { Flush(); stack.Add((c, result.Count)); continue; }
            if (c == ')' && stack.Count > 0 && stack[^1].Open == '(')
            {
                // "(text:1.5)": an explicit weight after the last colon of the group's trailing text
                string pending = text.ToString();
                int colon = pending.LastIndexOf(':');
                float factor = BracketFactor;
                if (colon >= 0 && float.TryParse(pending.AsSpan(colon + 1).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out float w))
                {
                    factor = w;
                    text.Length = colon;
                }
                Flush();
                Scale(stack[^1].Start, factor);
                stack.RemoveAt(stack.Count - 1);
                continue;
            }
            if (c == ']' && stack.Count > 0 && stack[^1].Open == '[')
            {
                Flush();
                Scale(stack[^1].Start, 1f / BracketFactor);
                stack.RemoveAt(stack.Count - 1);
                continue;
            }
            text.Append(c);
        }
        Flush();
        // unclosed brackets: keep their weighting (like the common web UIs), nothing else to do

        return result;
    }
}
