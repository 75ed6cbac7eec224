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

MAX_QUOTE_PARAGRAPHS = 12
MAX_QUOTE_CHARS = 6000

#: For each opening mark, the marks that close it.
CLOSERS: dict[str, tuple[str, ...]] = {
    "“": ("”", '"'), '"': ('"', "”"), "„": ("“", "”", '"'), "‟": ("”", '"'), "``": ("''", "”", '"'),
    "«": ("»",), "‹": ("›",), "»": ("«",), "›": ("‹",),
    "‘": ("’", "'"), "'": ("'", "’"), "‚": ("‘", "’"),
    "「": ("」",), "『": ("』",),
}
_SINGLE = frozenset({"‘", "'", "‚"})
_SPACED = frozenset({"«", "»", "‹", "›"})  # French style puts (thin) spaces inside guillemets
_MARK = re.compile(r"``|''|[\"“”„‟«»‹›‘’'‚「」『』]")
#: Marks that can only open a quote; a quote opened with one and never closed runs to the
#: end of its paragraph. Straight marks are ambiguous and such a quote is dropped instead.
_UNAMBIGUOUS_OPEN = frozenset({"“", "„", "«", "``", "「", "『", "‘", "‹"})
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
            if cont is None or CLOSERS.get(cont.group()) != CLOSERS[mark]:
                break
            j, cursor = j + 1, cont.end()
        if close is not None:
            while start < close.start() and text[start].isspace():
                start += 1
            _add(out, text, mark, Quote(start, _trim_end(text, start, close.start()), opener.start(), close.start()))
            k, pos = j, close.end()
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
    closers = CLOSERS[opener]
    for m in _MARK.finditer(text, pos, end):
        if m.group() in closers and _can_close(text, m, floor):
            return m
    return None
