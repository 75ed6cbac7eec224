"""Words, sentences and paragraphs with offsets into the original text.

Nothing here changes the text: every unit is a `(start, end)` pair into the string it
came from, and each word carries a normalised form (case-folded, accents and apostrophe
variants folded, possessive 's dropped) used for matching.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from ._text import blocks_and_breaks, line_lengths, marked_lines, word_spans

#: A word: letters and digits, with apostrophes inside ("don't", "O’Brien"); `_text.word_spans`
#: finds these in one compiled pass.
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})

STOPWORDS = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "aren't", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "didn't", "do", "does", "doesn't", "doing", "don't", "down", "during", "each", "few", "for", "from", "further", "had", "has", "hasn't", "have", "haven't", "having", "he", "he'd", "he'll", "he's", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "isn't", "it", "it's", "its", "itself", "just", "let's", "me", "more", "most", "must", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "ought", "our", "ours", "ourselves", "out", "over", "own", "same", "shall", "she", "she'd", "she'll", "she's", "should", "so", "some", "such", "than", "that", "that's", "the", "their", "theirs", "them", "themselves", "then", "there", "there's", "these", "they", "they'd", "they'll", "they're", "they've", "this", "those", "through", "to", "too", "under", "until", "up", "upon", "very", "was", "wasn't", "we", "we'd", "we'll", "we're", "we've", "were", "weren't", "what", "what's", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "won't", "would", "you", "you'd", "you'll", "you're", "you've", "your", "yours", "yourself", "yourselves", "said", "says", "say", "told", "according", "mr", "mrs", "ms", "one", "two", "also", "would", "could", "may", "might", "since", "however",
     # function words that say nothing about what a passage is about (two unrelated articles
     # share "several ... across ... another" as often as any two sentences do)
     "across", "along", "amid", "among", "around", "behind", "beside", "besides", "beyond", "despite",
     "near", "onto", "per", "toward", "towards", "via", "within", "without", "another", "either", "every",
     "many", "much", "neither", "several", "three", "four", "five", "less", "least", "whether",
     "though", "although", "unless", "whereas", "yet", "still", "already", "even", "ever", "never",
     "else", "often", "ago", "meanwhile", "otherwise", "thus", "therefore", "whose"]
)


@lru_cache(maxsize=65536)
def normalize_word(word: str) -> str:
    """Matching form of one word: case-folded, accents stripped, possessive 's dropped."""
    w = word.translate(_APOSTROPHES)
    if not w.isascii():
        w = unicodedata.normalize("NFKD", w)
        w = "".join(ch for ch in w if not unicodedata.combining(ch))
    w = w.casefold()
    if w.endswith("'s") and len(w) > 2:
        w = w[:-2]
    return w


@dataclass(frozen=True, slots=True)
class Words:
    """The words of a text: parallel sequences of offsets and normalised forms. The offsets
    are machine-integer arrays: a tenth of the memory of lists of ints, on a corpus that
    keeps every document's words until the scan ends (and copies them between processes)."""

    starts: array[int]
    ends: array[int]
    norms: list[str]

    def __len__(self) -> int:
        return len(self.norms)

    def index_at(self, offset: int) -> int:
        """Index of the first word that ends after `offset`."""
        return bisect_right(self.ends, offset)

    def between(self, start: int, end: int) -> tuple[int, int]:
        """Word index range `[i, j)` of the words lying inside `[start, end)`."""
        i = bisect_right(self.ends, start)
        while i < len(self.starts) and self.starts[i] < start:
            i += 1
        j = bisect_right(self.starts, end - 1)
        while j > i and self.ends[j - 1] > end:
            j -= 1
        return i, max(i, j)


def words(text: str, start: int = 0, end: int | None = None) -> Words:
    """The words of `text[start:end]`. A whole document's words (no `end`) are cached: reading,
    boilerplate and analysis each ask for them. The lists are shared: never modify them."""
    if end is None:
        return _document_words(text, start)
    return _words(text, start, end)


@lru_cache(maxsize=256)
def _document_words(text: str, start: int) -> Words:
    return _words(text, start, len(text))


def _words(text: str, start: int, end: int) -> Words:
    starts, ends, found = word_spans(text, start, end)  # what `WORD` finds, compiled
    return Words(starts, ends, list(map(normalize_word, found)))


#: The letters outside ASCII that Python's case-insensitive matching takes for ASCII ones.
_IGNORECASE_LOOKALIKES = "\u0130\u0131\u017f\u212a"  # İ ı ſ K (Kelvin)


def may_match(text: str, needed: tuple[str, ...]) -> bool:
    """False only when a case-insensitive pattern that cannot match without one of the ASCII
    words `needed` (lower case) cannot match `text`: a quick test before a slow pattern runs
    over a whole article."""
    low = text.lower()
    return any(w in low for w in needed) or any(c in text for c in _IGNORECASE_LOOKALIKES)


def is_content(norm: str) -> bool:
    return norm not in STOPWORDS and (len(norm) > 1 or norm.isdigit())


# --- paragraphs ------------------------------------------------------------------------

# What separates paragraphs and lines; `_text.blocks_and_breaks` and `_text.line_lengths` find
# these in one compiled pass (tests/test_text.py checks them against the patterns).
BLANK_LINES = re.compile(r"\r?\n[ \t\f\v\x19]*\r?\n\s*")
LINE_BREAK = re.compile(r"\r?\n|\r")
_CONTROL_START = re.compile(r"[\x00-\x08\x0b-\x1f]|[ \t]{2,}")


def paragraphs(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Paragraph spans of `text[start:]`, whitespace-trimmed (a fresh list; the work is cached,
    as reading, boilerplate and analysis each ask for the same document's paragraphs).

    Blank lines always separate paragraphs. A single line break does too, except:
    - in text whose paragraphs are marked (wire copy opening each with a control character
      or closing it with `<`), where only a marked line starts a paragraph;
    - in hard-wrapped text (most lines filled to a common width), where only a break before
      an indented or control-marked line, or after a short line ending a sentence, does;
    - anywhere, a long line that stops mid-sentence and a next line that goes on in lower
      case are one paragraph.
    """
    return list(_paragraphs(text, start))


@lru_cache(maxsize=256)
def _paragraphs(text: str, start: int) -> tuple[tuple[int, int], ...]:
    return tuple(_split_paragraphs(text, start))


def _split_paragraphs(text: str, start: int) -> list[tuple[int, int]]:
    marked = _is_marked(text, start)
    width = 0 if marked else _hard_wrap_width(text, start)
    wrapped = width > 0
    spans: list[tuple[int, int]] = []
    # the blocks BLANK_LINES separates, each with the LINE_BREAKs inside it (compiled)
    for bs, be, breaks in blocks_and_breaks(text, start):
        line_start = bs
        para_start = bs
        for bk_start, bk_end in breaks:
            line = text[line_start:bk_start]
            nxt = text[bk_end : bk_end + 2]
            if marked:
                brk = bool(_CONTROL_START.match(nxt)) or line.rstrip().endswith("<")
            elif wrapped:
                brk = bool(_CONTROL_START.match(nxt)) or _ends_short_line(line, width)
            else:
                brk = not _runs_on(line, nxt)
            if brk:
                _add_trimmed(spans, text, para_start, bk_start)
                para_start = bk_end
            line_start = bk_end
        _add_trimmed(spans, text, para_start, be)
    return spans


MARKED_LINE = re.compile(r"(?:^|\n)[\x00-\x08\x0b-\x1f]")


def _is_marked(text: str, start: int) -> bool:
    """Wire copy that opens every paragraph with a control character (PA's ^Y)."""
    return marked_lines(text, start, min(len(text), start + 20000)) >= 3  # MARKED_LINE, compiled


def _runs_on(line: str, nxt: str) -> bool:
    stripped = line.rstrip()
    return len(stripped) >= 40 and stripped[-1:].isalnum() and nxt[:1].islower()


def _add_trimmed(spans: list[tuple[int, int]], text: str, s: int, e: int) -> None:
    while s < e and (text[s].isspace() or text[s] < " "):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] < " "):
        e -= 1
    if e > s:
        spans.append((s, e))


def _hard_wrap_width(text: str, start: int) -> int:
    """The width hard-wrapped text is filled to (most lines filled to a common width of 40-120
    characters), 0 for text that is not: of the lines holding more than white space, their
    `len(line.rstrip())` (`line_lengths`, compiled), the 90th percentile."""
    lengths = line_lengths(text, start)
    if len(lengths) < 8:
        return 0
    width = sorted(lengths)[int(0.9 * (len(lengths) - 1))]
    if not 40 <= width <= 120:
        return 0
    full = sum(1 for n in lengths if n >= 0.7 * width)
    return width if full >= 0.6 * len(lengths) else 0


def _ends_short_line(line: str, width: int) -> bool:
    stripped = line.rstrip()
    return len(stripped) < 0.7 * width and stripped[-1:] in ('.', '!', '?', '"', "”", "'", "’", "<", ":", "")


# --- sentences -------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "col", "gen", "lt", "capt", "cpt", "sgt", "maj", "cmdr", "adm", "gov", "sen", "rep", "rev", "hon", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "no", "nos", "vs", "etc", "inc", "ltd", "corp", "co", "dept", "est", "approx", "fig", "pp", "vol", "ed", "eds", "al"]
)
_SENTENCE_END = re.compile(r"(?:[.!?]+|…)[\"'”’)\]]*(?=\s+[\"'“‘(\[]*[A-Z0-9À-Ý])")


def sentences(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans inside the given paragraph spans."""
    out: list[tuple[int, int]] = []
    for ps, pe in spans:
        s = ps
        for m in _SENTENCE_END.finditer(text, ps, pe):
            if _is_abbreviation(text, s, m.start()):
                continue
            e = m.end()
            _add_trimmed(out, text, s, e)
            s = e
        _add_trimmed(out, text, s, pe)
    return out


def _is_abbreviation(text: str, sentence_start: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    j = dot
    while j > sentence_start and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    token = text[j:dot]
    if not token:
        return False
    if "." in token:  # U.S., a.m.
        return True
    if len(token) == 1 and token.isupper():  # an initial: Doug G. Ware
        return True
    return token.lower() in _ABBREVIATIONS
