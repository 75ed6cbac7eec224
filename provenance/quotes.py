"""Direct quotations: every quoted stretch of a document with its exact span.

Quote marks handled: straight and curly double quotes, curly single quotes used as
quotation marks (not apostrophes: "we’ll", "Russia’s"), straight single quotes by the same
rules, guillemets (« », » «, ‹ ›), low-high quotes („ “), TeX quotes (``...''), and CJK
corner brackets. A quote may span paragraphs in the news convention (the paragraph ends
without a closing mark and the next one opens with a mark). Marks of another family
inside a quote are part of it (nested quotes).

Robustness rules, so that stray marks never swallow an article: a quote never crosses
a paragraph boundary except by that convention; a quote that is never closed ends at its
paragraph's end if it was opened with an unambiguous opening mark (“, «, „, ``), and is
dropped if it was opened with a straight mark; a multi-paragraph quote stops after
`MAX_QUOTE_PARAGRAPHS` paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .analysis import Analyzed
from .text import sentences

MAX_QUOTE_PARAGRAPHS = 12
MAX_QUOTE_CHARS = 6000

#: For each opening mark, the marks that close it.
CLOSERS: dict[str, tuple[str, ...]] = {
    "“": ("”", '"'), '"': ('"', "”"), "„": ("“", "”", '"'), "‟": ("”", '"'), "``": ("''", "”", '"'),
    "«": ("»",), "‹": ("›",), "»": ("«",), "›": ("‹",),
    "‘": ("’", "'"), "'": ("'", "’"), "‚": ("‘", "’"), "`": ("'", "’"),
    "「": ("」",), "『": ("』",),
}
_SINGLE = frozenset({"‘", "'", "‚", "`"})
_SPACED = frozenset({"«", "»", "‹", "›"})  # French style puts (thin) spaces inside guillemets
_MARK = re.compile(r"``|''|[\"“”„‟«»‹›‘’'‚`「」『』]")
#: Marks that can only open a quote; a quote opened with one and never closed runs to the
#: end of its paragraph. Straight marks are ambiguous and such a quote is dropped instead.
_UNAMBIGUOUS_OPEN = frozenset({"“", "„", "«", "``", "「", "『", "‘", "‹", "`"})
_LETTER = re.compile(r"[^\W_]")
_LETTERS = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, slots=True)
class Quote:
    """One direct quotation: `start`/`end` is the quoted text inside the marks."""

    start: int
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark, None when never closed

    @property
    def closed(self) -> bool:
        return self.close_mark is not None


def _before(text: str, i: int, floor: int) -> str:
    return text[i - 1] if i > floor else " "


def _after(text: str, i: int) -> str:
    return text[i] if i < len(text) else " "


def _can_open(text: str, m: re.Match[str], floor: int) -> bool:
    mark = m.group()
    if mark not in CLOSERS:
        return False
    before, after = _before(text, m.start(), floor), _after(text, m.end())
    if after.isspace() and mark not in _SPACED:
        return False
    if mark in _SINGLE:
        # An opening single quote follows a space or bracket and precedes a word; between
        # letters (we'll) or after one (ministers') it is an apostrophe.
        return not _LETTER.match(before) and bool(_LETTER.match(after) or after in "[(…")
    if mark == '"':
        return not (_LETTER.match(before) or before in ".,;!?)]")
    if mark == "»":  # opens only in the » ... « style, so a « must follow
        return text.find("«", m.end()) >= 0
    return True


def _can_close(text: str, m: re.Match[str], floor: int) -> bool:
    before, after = _before(text, m.start(), floor), _after(text, m.end())
    if before.isspace() and m.group() not in _SPACED:
        return False
    if m.group() in ("'", "’"):
        return not _LETTER.match(after)  # "we’ll": a letter follows, so an apostrophe
    return True


def find_quotes(an: Analyzed) -> list[Quote]:
    """Every direct quotation in the document's content (not its boilerplate), in text order."""
    boiler = an.doc.boilerplate
    return [q for q in _scan(an) if not any(r.start <= q.start < r.end for r in boiler)]


def _scan(an: Analyzed) -> list[Quote]:
    text = an.doc.text
    paras = an.paragraphs
    out: list[Quote] = []
    k = 0
    pos = paras[0][0] if paras else 0
    while k < len(paras):
        ps, pe = paras[k]
        pos = max(pos, ps)
        opener = _next_opening(text, pos, pe, ps)
        if opener is None:
            k += 1
            continue
        mark = opener.group()
        start = opener.end()
        j, cursor = k, start
        close = None
        while True:
            js, je = paras[j]
            close = _next_closing(text, cursor, je, js, mark)
            if close is not None or mark in _SINGLE or j - k + 1 >= MAX_QUOTE_PARAGRAPHS or j + 1 >= len(paras):
                break
            # The news convention: a quote running on into the next paragraph leaves this
            # one open and opens the next with a mark again.
            cont = _MARK.match(text, paras[j + 1][0])
            # (A closing mark opening the next paragraph, '' for ``, is a common typo for it.)
            if cont is None or (CLOSERS.get(cont.group()) != CLOSERS[mark]
                                and not (cont.group() in CLOSERS[mark] and _LETTER.match(_after(text, cont.end())))):
                break
            j, cursor = j + 1, cont.end()
        if close is not None:
            while start < close.start() and text[start].isspace():
                start += 1
            implicit = not _can_close(text, close, paras[j][0])
            _add(out, text, mark, Quote(start, _trim_end(text, start, close.start()), opener.start(),
                                        None if implicit else close.start()))
            k, pos = j, (close.start() if implicit else close.end())
        elif mark in _UNAMBIGUOUS_OPEN:
            _add(out, text, mark, Quote(start, _trim_end(text, start, paras[j][1]), opener.start(), None))
            k = j + 1
        else:
            pos = opener.end()  # a stray straight mark: skip it, go on in this paragraph
    return out


def _add(out: list[Quote], text: str, mark: str, q: Quote) -> None:
    letters = len(_LETTERS.findall(text, q.start, q.end)) if q.end - q.start < 64 else 64
    needed = 2 if mark in _SINGLE else 1
    if letters >= needed and q.end - q.start <= MAX_QUOTE_CHARS:
        out.append(q)


def _trim_end(text: str, start: int, end: int) -> int:
    """End of a quote's words: trailing spaces, wire markup and the clause's own comma,
    semicolon or colon (set inside the marks by American style) are not part of it."""
    while end > start and (text[end - 1].isspace() or text[end - 1] < " " or text[end - 1] in "<,;:"):
        end -= 1
    return end


def _next_opening(text: str, pos: int, end: int, floor: int) -> re.Match[str] | None:
    for m in _MARK.finditer(text, pos, end):
        if _can_open(text, m, floor):
            return m
    return None


def _next_closing(text: str, pos: int, end: int, floor: int, opener: str) -> re.Match[str] | None:
    """The mark closing a quote opened with `opener`. A straight mark that can only open
    ends the quote too: tabloid style opens each quoted sentence afresh without closing
    the one before (`"It was sad. "But I accept it."`), so a new quote starts there."""
    closers = CLOSERS[opener]
    for m in _MARK.finditer(text, pos, end):
        if m.group() in closers and _can_close(text, m, floor):
            return m
        if m.group() == opener == '"' and _can_open(text, m, floor):
            return m
    return None


_LEADING_MARKS = re.compile(r"(?:``|''|[\s\x00-\x1f\"“”„‟«»‹›‘’'‚`<])+")


def quote_units(text: str, q: Quote) -> list[tuple[int, int]]:
    """The sentences of a quotation, the units quotes are matched by: a quote put together
    from two statements, or a long statement of which outlets each took other sentences,
    shares each sentence separately. Continuation marks and clause punctuation are trimmed."""
    paras = []
    start = q.start
    for m in re.finditer(r"\r?\n\s*\r?\n|<\s*\r?\n", text[q.start:q.end]):
        paras.append((start, q.start + m.start()))
        start = q.start + m.end()
    paras.append((start, q.end))
    out: list[tuple[int, int]] = []
    for s, e in sentences(text, [(a, b) for a, b in paras if b > a]):
        lead = _LEADING_MARKS.match(text, s, e)
        if lead:
            s = lead.end()
        e = _trim_end(text, s, e)
        while e > s and text[e - 1] in "\"“”„‟«»‹›‘’'`":
            e = _trim_end(text, s, e - 1)
        if e > s and _LETTERS.search(text, s, e):
            out.append((s, e))
    # A sentence of a word or two ("I'm free. I'm free.") stays with its neighbour.
    merged: list[tuple[int, int]] = []
    for s, e in out:
        if merged and (_word_count(text, s, e) < _MIN_UNIT_WORDS or _word_count(text, *merged[-1]) < _MIN_UNIT_WORDS):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged or [(q.start, q.end)]


_MIN_UNIT_WORDS = 4


def _word_count(text: str, s: int, e: int) -> int:
    return len(re.findall(r"[^\W_]+", text[s:e]))


def nested_quotes(text: str, q: Quote) -> list[Quote]:
    """Quotations inside a quotation (`"He told me 'rubbish' and left"`): quotes of their own."""
    outer = text[q.open_mark:q.open_mark + 2]
    out: list[Quote] = []
    pos = q.start
    while True:
        opener = _next_opening(text, pos, q.end, q.start)
        if opener is None:
            return out
        mark = opener.group()
        if outer.startswith(mark) and mark not in _SINGLE:
            pos = opener.end()
            continue
        close = _next_closing(text, opener.end(), q.end, q.start, mark)
        if close is None or not _can_close(text, close, q.start):
            pos = opener.end()
            continue
        start = opener.end()
        end = _trim_end(text, start, close.start())
        if end > start and _LETTERS.search(text, start, end):
            out.append(Quote(start, end, opener.start(), close.start()))
        pos = close.end()
