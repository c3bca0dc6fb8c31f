"""Independent reference for the CLIP tokenizer goldens in ClipTokenizerTests.cs.

Written for this project from the published description of OpenAI CLIP's simple_tokenizer algorithm (not copied):
NFC + HTML unescape (twice) + whitespace collapse + strip + lower-case; the pre-tokenisation pattern
  <|startoftext|>|<|endoftext|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+  (IGNORECASE)
then the GPT-2 byte-to-unicode table and BPE by merge rank with '</w>' appended to the last symbol.
ftfy is not installed here; the prompts in the tests avoid the text that ftfy would repair (mojibake).

Usage: python3 clip_reference.py ../shared/models/diffusion/clip   (prints "prompt -> ids" lines)
"""
import html, json, sys, unicodedata
import regex

def byte_table():
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    table, n = {}, 0
    for b in range(256):
        if b in printable:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + n)
            n += 1
    return table

class Reference:
    PATTERN = regex.compile(r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+""", regex.IGNORECASE)

    def __init__(self, folder):
        self.vocab = json.load(open(f"{folder}/vocab.json", encoding="utf-8"))
        lines = open(f"{folder}/merges.txt", encoding="utf-8").read().split("\n")[1:]
        self.ranks = {tuple(l.split()): i for i, l in enumerate(x for x in lines if x)}
        self.bytes = byte_table()

    def bpe(self, token):
        if token in ("<|startoftext|>", "<|endoftext|>"):
            return [token]
        word = [self.bytes[b] for b in token.encode("utf-8")]
        word[-1] += "</w>"
        while len(word) > 1:
            pairs = [(self.ranks.get((a, b), 1 << 30), i) for i, (a, b) in enumerate(zip(word, word[1:]))]
            rank, _ = min(pairs)
            if rank == 1 << 30:
                break
            first, second = next((word[i], word[i + 1]) for r, i in pairs if r == rank)
            out, i = [], 0
            while i < len(word):
                if i < len(word) - 1 and word[i] == first and word[i + 1] == second:
                    out.append(first + second); i += 2
                else:
                    out.append(word[i]); i += 1
            word = out
        return word

    def encode(self, text, max_length=77):
        text = unicodedata.normalize("NFC", text)
        text = html.unescape(html.unescape(text))
        text = regex.sub(r"\s+", " ", text).strip().lower()
        ids = [self.vocab[t] for m in self.PATTERN.findall(text) for t in self.bpe(m)]
        ids = ids[: max_length - 2]
        return [49406] + ids + [49407]

if __name__ == "__main__":
    ref = Reference(sys.argv[1])
    for prompt in sys.stdin.read().split("\n"):
        if prompt:
            print(json.dumps(prompt.replace("\\n", "\n").replace("\\t", "\t"), ensure_ascii=False), "->", ref.encode(prompt.replace("\\n", "\n").replace("\\t", "\t")))
