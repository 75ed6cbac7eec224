"""Boilerplate: text kept in the document but never counted as content shared between outlets.

Four kinds are found:
- page furniture ("Advertisement", "RECOMMENDED ...", "Follow us on ...", "Latest Headlines"),
- photo captions and image credits ("... REUTERS/Omar Sanadiki", "PHOTOGRAPH: .../Pixabay"),
- wire-feed markup (rules, page headers, "mfl"),
- repetition: a paragraph printed again later in the same article, or a short line an
  outlet repeats across its articles (the passim "series" rule, kept to short lines so
  that two versions of one story by the same outlet still count as sharing content).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from .model import Document, Region
from .text import Words, is_content, may_match, paragraphs, words

_FURNITURE = re.compile(
    r"""^(?:
        advertisement|advertising|sponsored(?:\ content)?|ad|story\ continues\ below(?:\ advertisement)?
      | (?-i:RECOMMENDED)\b.* | (?:related|recommended|read\ more|read\ also|also\ read|see\ also|more\ from|watch|trending(?:\ now)?)\s*(?::|\||-|–|—).*
      | (?:image\ source|image\ caption|media\ caption),\ .*
      | (?:listen\ to\ this\ (?:article|story)|skip\ to\ (?:main\ )?content|report\ an?\ (?:correction|typo|error)
         |(?:have|got)\ an?\ (?:news\ )?tip\b|we\ may\ (?:earn|receive)\ (?:a\ )?commission
         |this\ (?:article|story|post|page)\ (?:contains|may\ contain|includes)\ affiliate\ links).*
      | (?:related(?:\ (?:articles?|stories|coverage|content))?|most\ (?:read|popular|viewed)|latest\ (?:headlines|news|stories)
         |top\ stories|trending(?:\ now)?|more\ stories|you\ may\ also\ like|editor'?s\ picks?)
      | (?:follow\ us|like\ us|liked\ this\ (?:story|article)|share\ this|share\ on|click\ here|sign\ up|subscribe\ (?:to|now)
         |join\ (?:us|our)|download\ (?:our|the)\ app|get\ the\ latest|never\ miss|don'?t\ miss|we\ recommend|follow\ [A-Z@]).*
      | (?:copyright\s*(?:©|\(c\))?\s*\d{4}|©|\(c\)\s*\d{4}).*
      | (?:share|tweet|email|print|comments?|close|menu|search|home|next|previous|back\ to\ top)
    )[.!]?$""",
    re.IGNORECASE | re.VERBOSE,
)
# Furniture too, the one kind a pattern must look for all along a paragraph: tried only on
# paragraphs holding its words (`_is_furniture`).
_ALL_RIGHTS_RESERVED = re.compile(r"^.*\ball\ rights\ reserved\b.*[.!]?$", re.IGNORECASE | re.VERBOSE)
# A credit for an image inside a paragraph marks the paragraph as a caption.
IMAGE_CREDIT = re.compile(
    r"""(?:
        (?i:\b(?:file\ )?photo(?:graph)?s?\s*(?:by|:|courtesy|credit))
      | (?i:\b(?:image|picture|pic|video)\s*(?:by|:|courtesy|credit))
      | (?i:\blicense\ photo\b | \bgetty\ images\b | \bshutterstock\b)
      | \bAFP\ PHOTO\b | \bAP\ Photo\b
      | \b[A-Z][A-Z.]{1,20}/[A-Z][a-z]+(?:\ [A-Z][a-z.]+){0,3}\s*(?:$|\||\]|\)|/)
    )""",
    re.VERBOSE,
)
_MARKUP = re.compile(
    r"""^(?:
        [-=_*~#.\s]{5,}
      | \d{1,2}:\d{2}\s+\d{1,2}/\d{1,2}/\d{2,4}:?\s+page\s+\d+.*
      | (?:mfl|more|ends|end|-30-|\#\#\#|mf|mxl)
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# IMAGE_CREDIT cannot match a paragraph without one of these (lower case) or a slash: most
# paragraphs are ruled out by a substring test instead of the pattern tried at every position.
_CREDIT_WORDS = ("photo", "image", "pic", "video", "license", "getty", "shutterstock")
_CAPTION_MAX_WORDS = 90
_REPEAT_MIN_WORDS = 5
_OUTLET_LINE_MAX_WORDS = 15


def document_boilerplate(doc: Document) -> list[Region]:
    """Boilerplate found from one document alone (furniture, captions, markup, repeats)."""
    text = doc.text
    out: list[Region] = []
    seen: dict[tuple[str, ...], int] = {}
    w = words(text, doc.content_start)  # once; each paragraph's words are a slice of these
    for s, e in paragraphs(text, doc.content_start):
        para = text[s:e]
        stripped = para.strip(" \t\r\n\x19<")
        if _is_furniture(stripped):
            out.append(Region(s, e, "furniture"))
            continue
        if _MARKUP.match(stripped):
            out.append(Region(s, e, "markup"))
            continue
        i, j = w.between(s, e)
        norms = tuple(w.norms[i:j])
        if len(norms) <= _CAPTION_MAX_WORDS and image_credit(para):
            out.append(Region(s, e, "caption"))
            continue
        if len(norms) >= _REPEAT_MIN_WORDS:
            if _repeats(norms, seen):
                out.append(Region(s, e, "repeated-in-document"))
            seen.setdefault(norms, s)
    return out


def _is_furniture(text: str) -> bool:
    """Whether a paragraph (stripped) is page furniture: `_FURNITURE` or `_ALL_RIGHTS_RESERVED`."""
    return _FURNITURE.match(text) is not None or (
        may_match(text, ("rights reserved",)) and _ALL_RIGHTS_RESERVED.match(text) is not None)


def image_credit(text: str) -> bool:
    """Whether `text` holds a credit for an image (`IMAGE_CREDIT`)."""
    return ("/" in text or may_match(text, _CREDIT_WORDS)) and IMAGE_CREDIT.search(text) is not None


def _repeats(norms: tuple[str, ...], seen: dict[tuple[str, ...], int]) -> bool:
    if norms in seen:
        return True
    joined = " ".join(norms)
    for earlier in seen:
        if len(earlier) >= _REPEAT_MIN_WORDS and " ".join(earlier) in joined and len(earlier) >= 0.8 * len(norms):
            return True
    return False


Line = tuple[int, int, tuple[str, ...]]  # a short paragraph: its span and its words


def short_lines(d: Document, w: Words, paras: Sequence[tuple[int, int]]) -> list[Line]:
    """The paragraphs of a document with an outlet short enough to be an outlet's repeated
    line (the per-document half of `outlet_boilerplate`, which workers can do); `w` and
    `paras`: the document's words and paragraphs."""
    if not d.outlet:
        return []
    out = []
    for s, e in paras:
        i, j = w.between(s, e)
        if 0 < j - i <= _OUTLET_LINE_MAX_WORDS:
            out.append((s, e, tuple(w.norms[i:j])))
    return out


def outlet_boilerplate(docs: Sequence[Document], lines: Sequence[list[Line]], doc_words: Sequence[Words],
                       min_docs: int) -> dict[str, list[Region]]:
    """Short lines one outlet repeats across `min_docs` or more of its articles, where at least
    two of those articles are otherwise unrelated (they share under a third of their
    vocabulary): a newsletter plug, not a paragraph two takes of one story both carry.
    `lines`: each document's `short_lines`; `doc_words`: each document's words."""
    by_line: dict[tuple[str, tuple[str, ...]], list[str]] = defaultdict(list)
    for d, found in zip(docs, lines):
        for _, _, norms in found:
            key = (d.outlet or "", norms)
            if not by_line[key] or by_line[key][-1] != d.id:
                by_line[key].append(d.id)
    words_of = {d.id: w for d, w in zip(docs, doc_words)}
    vocab: dict[str, frozenset[str]] = {}

    def vocabulary(doc_id: str) -> frozenset[str]:
        if doc_id not in vocab:
            vocab[doc_id] = frozenset(n for n in words_of[doc_id].norms if is_content(n))
        return vocab[doc_id]

    furniture = {key for key, ids in by_line.items() if len(ids) >= min_docs and _unrelated_pair(ids, vocabulary)}
    out: dict[str, list[Region]] = defaultdict(list)
    for d, found in zip(docs, lines):
        for s, e, norms in found:
            if (d.outlet or "", norms) in furniture:
                out[d.id].append(Region(s, e, "repeated-in-outlet"))
    return out


_RELATED_VOCABULARY = 1 / 3
_MAX_PAIRS_CHECKED = 20


def _unrelated_pair(ids: list[str], vocabulary: Callable[[str], frozenset[str]]) -> bool:
    ids = ids[:_MAX_PAIRS_CHECKED]
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            va, vb = vocabulary(a), vocabulary(b)
            if len(va & vb) < _RELATED_VOCABULARY * max(1, min(len(va), len(vb))):
                return True
    return False


def merge_regions(regions: Iterable[Region]) -> tuple[Region, ...]:
    """Sorted, with exact duplicates removed (the first kind found for a span wins)."""
    best: dict[tuple[int, int], Region] = {}
    for r in regions:
        best.setdefault((r.start, r.end), r)
    return tuple(sorted(best.values(), key=lambda r: (r.start, r.end)))
