"""Infer what a document's metadata does not say from what its text says.

- agency: the wire agency whose text it is, from a dateline (`MOSCOW, March 5. /TASS/.`,
  `WASHINGTON (Reuters) -`, `Jan. 23 (UPI) --`, `BEIRUT (AP) —`) or a credit line
  (`By Jane Doe, PA News`, `© 2017 The Associated Press`);
- publisher: the site that published this copy, from the URL's domain;
- outlet: what the user said, else the publisher, else the agency;
- published: an explicit full date near the top of the text;
- title: a headline-like first paragraph.

Every inferred value records its origin and, where it was read in the text, its span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .dates import find_text_date
from .model import Document, Origin, Region
from .outlets import Outlet, OutletRegistry
from .text import paragraphs, words

_DATELINE_WINDOW = 300  # characters from a paragraph's start in which a dateline is looked for
_DATELINE_PARAGRAPHS = 5  # first paragraphs (not boilerplate) in which it is looked for
_DATE_WINDOW = 240
_DASH = r"(?:-{1,2}|–|—)"
# `/TASS/.` with the agency between slashes
_SLASH_AGENCY = re.compile(r"(?<![\w/])/([A-Z][A-Za-z-]{1,20})/\.?")
# `(Reuters) -`, `(UPI) --`, `(AP) —`
_PAREN_AGENCY = re.compile(rf"\(([A-Z][\w.&' -]{{0,40}}?)\)\s*{_DASH}")
# `By Harriet Tolputt, PA News` / `By Jane Doe | Reuters`
_BYLINE_AGENCY = re.compile(r"\bBy\s+[^,|\n]{2,60}?\s*[,|]\s*([A-Z][\w.&' -]{1,40}?)\s*(?:<|$|\n|,)", re.MULTILINE)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?:by\s+)?([A-Z][\w.&' -]{1,50}?)(?:\.|,|\s+all\s+rights|$)",
                        re.IGNORECASE | re.MULTILINE)
_TITLE_MAX_WORDS = 25
_TITLE_MIN_WORDS = 4


@dataclass(frozen=True, slots=True)
class Credit:
    outlet: Outlet
    start: int
    end: int
    source: str  # "dateline" or "credit-line"


def find_dateline(doc: Document, registry: OutletRegistry, boilerplate: tuple[Region, ...] = ()) -> Credit | None:
    """The agency named in the document's own dateline or credit line, if any."""
    text = doc.text
    # A dateline opens the story: look at the start of its first paragraphs that are not
    # boilerplate (a caption or an advertisement may come first on a web page).
    heads = [(s, min(e, s + _DATELINE_WINDOW)) for s, e in paragraphs(text, doc.content_start)
             if not _inside(s, boilerplate)][:_DATELINE_PARAGRAPHS]
    for s, e in heads:
        for pattern in (_SLASH_AGENCY, _PAREN_AGENCY):
            for m in pattern.finditer(text, s, e):
                outlet = registry.resolve(m.group(1), allow_ambiguous=False)
                if outlet is not None and outlet.is_media:
                    return Credit(outlet, m.start(1), m.end(1), "dateline")
    for s, e in heads:
        for m in _BYLINE_AGENCY.finditer(text, s, e):
            outlet = registry.resolve(m.group(1), allow_ambiguous=False)
            if outlet is not None and outlet.is_media:
                return Credit(outlet, m.start(1), m.end(1), "credit-line")
    start = doc.content_start
    for m in _COPYRIGHT.finditer(text, start):
        outlet = registry.resolve(m.group(1).strip(), allow_ambiguous=False)
        if outlet is not None and outlet.kind == "agency":
            return Credit(outlet, m.start(1), m.start(1) + len(m.group(1).rstrip()), "credit-line")
    return None


def _inside(offset: int, regions: tuple[Region, ...]) -> bool:
    return any(r.start <= offset < r.end for r in regions)


def infer_metadata(doc: Document, registry: OutletRegistry, boilerplate: tuple[Region, ...] = ()) -> Document:
    """Fill the document's empty metadata from its text and URL, recording where each value came from."""
    origins = dict(doc.origins)
    changes: dict[str, str | None] = {}

    user_outlet = doc.outlet
    if user_outlet:
        known = registry.resolve(user_outlet)
        if known is not None and known.name != user_outlet:
            changes["outlet"] = user_outlet = known.name

    publisher = doc.publisher
    if publisher:
        known = registry.resolve(publisher)
        if known is not None:
            changes["publisher"] = publisher = known.name
    elif user_outlet:
        changes["publisher"] = publisher = user_outlet
        origins["publisher"] = origins.get("outlet", Origin("metadata-table"))
    elif doc.url:
        outlet, host = registry.from_url(doc.url)
        if outlet is not None or host:
            changes["publisher"] = publisher = outlet.name if outlet else host
            origins["publisher"] = Origin("url")

    agency = doc.agency
    if agency:
        known = registry.resolve(agency)
        if known is not None:
            changes["agency"] = known.name
    else:
        credit = find_dateline(doc, registry, boilerplate)
        if credit is not None:
            changes["agency"] = agency = credit.outlet.name
            origins["agency"] = Origin(credit.source, credit.start, credit.end)  # type: ignore[arg-type]

    if not user_outlet:
        if publisher:
            changes["outlet"] = publisher
            origins["outlet"] = origins["publisher"]
        elif agency:
            changes["outlet"] = agency
            origins["outlet"] = origins["agency"]

    if not doc.published:
        found = find_text_date(doc.text, doc.content_start, min(len(doc.text), doc.content_start + _DATE_WINDOW))
        if found and not _inside(found[1], boilerplate):
            changes["published"] = found[0]
            origins["published"] = Origin("text", found[1], found[2])

    if not doc.title:
        title = _headline(doc, boilerplate)
        if title is not None:
            changes["title"] = doc.text[title[0]:title[1]]
            origins["title"] = Origin("text", title[0], title[1])

    if not changes and origins == dict(doc.origins):
        return doc
    return replace(doc, origins=origins, **changes)


def _headline(doc: Document, boilerplate: tuple[Region, ...]) -> tuple[int, int] | None:
    spans = paragraphs(doc.text, doc.content_start)
    for i, (s, e) in enumerate(spans[:3]):
        if _inside(s, boilerplate):
            continue
        para = doc.text[s:e]
        n = len(words(doc.text, s, e))
        if n < _TITLE_MIN_WORDS and para[-1] not in ".,;:":
            continue  # a section label such as "U.S. Markets"
        if (_TITLE_MIN_WORDS <= n <= _TITLE_MAX_WORDS and "\n" not in para and para[-1] not in ".,;:"
                and not para.lower().startswith("by ") and i + 1 < len(spans)):
            return s, e
        return None
    return None
