"""Infer what a document's metadata does not say from what its text says.

- agency: the wire agency whose text it is, from a dateline (`MOSCOW, March 5. /TASS/.`,
  `WASHINGTON (Reuters) -`, `Jan. 23 (UPI) --`, `BEIRUT (AP) —`, `BERLIN (dpa) -`,
  `MADRID (EFE).-`, `NEW DELHI (PTI):`, `(CNN) The ...`, `/PRNewswire/ --`), a credit line
  (`By Jane Doe, PA News`, `By ZEKE MILLER Associated Press`, `By Reuters Staff`, `© 2017 The
  Associated Press`) or a sign-off (`— Associated Press`, `Source: AFP`, `(With inputs from
  PTI)`, `With files from ...`, Reuters' `(Reporting by ...; Editing by ...)`). In a dateline's own place, a name
  the outlet list does not know is an agency of that name (`CAIRO, Jan 24 (Norwire) -`);
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
# `/TASS/.` with the agency between slashes (`/ТАСС/.` in Russian)
_SLASH_AGENCY = re.compile(r"(?<![\w/])/([A-ZА-ЯЁ][A-Za-zА-Яа-яЁё-]{1,20})/\.?")
# `(Reuters) -`, `(UPI) --`, `(AP) —`, `(dpa) -`, `(EFE).-`, `(PTI):`, AP's old `(AP) _`
_PAREN_AGENCY = re.compile(rf"\(([A-Za-z][\w.&'/ -]{{0,40}}?)\)\.?\s*(?:{_DASH}|:|_(?=\s))")
# What may come before a dateline's credit in its paragraph: a place and a date
# (`CAIRO, Jan 24 `, `NEW YORK, March 5, 2024 `, `SAN FRANCISCO--`), or nothing
_DATELINE_HEAD = re.compile(rf"(?:[A-Z][\w.'’-]*(?:,?\s(?:[A-Z][\w.'’-]*|\d{{1,4}}\.?))*,?\s*(?:{_DASH})?)?")
_MONTH = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s\d|\b\d{1,2}\s(?:Jan|Feb|Mar|"
                    r"Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
# A name the outlet list does not know, in a dateline's place: `CAIRO, Jan 24 (MENA) -`
_UNKNOWN_NAME = re.compile(r"[A-Z][\w&'’.-]*(?:[ /][A-Z&][\w&'’.-]*){0,3}")
_NOT_CREDITS = frozenset({"update", "updated", "updates", "adds", "corrected", "correction", "repeats", "recasts",
                          "refiles", "official", "photo", "photos", "video", "live", "breaking", "exclusive",
                          "analysis", "opinion", "editorial", "file", "reuters/ipsos"})
# `(CNN) The White House said`, `Washington (CNN)The ...`, `New Delhi, Jan 24 (PTI) India ...`:
# the outlet opening the paragraph, after at most a place name (capitalised words) and a date,
# with no dash
_LEAD_AGENCY = re.compile(r"(?:[A-Z][\w.'-]*(?:,?\s(?:[A-Z][\w.'-]*|\d{1,4})){0,5},?\s)?\(([A-Za-z][\w.&'/ -]{0,40}?)\)\s*(?=[A-Z“\"])")
# Reuters' sign-off: `(Reporting by Jane Doe; Editing by John Roe)`
_REUTERS_SIGNOFF = re.compile(r"\(?(?:Additional\s+)?[Rr]eporting\s+by\s[^;\n()]{2,200};[^\n()]{0,200}?\b[Ee]diting\s+by\s"
                              r"[^\n()]{2,120}\)?")
# A closing line that is only an outlet's name after a dash: `— Associated Press`
_SIGNOFF_LINE = re.compile(rf"^[ \t]*{_DASH}[ \t]*([A-Z][\w.&' -]{{1,40}}?)[ \t.]*$", re.MULTILINE)
# A closing line that is only a name in brackets, France 24's way of running an agency's copy:
# `(AFP)`, `(FRANCE 24 with AFP)`, `(FRANCE 24 with AFP, Reuters)` (the agency is the name after "with")
_BRACKET_LINE = re.compile(r"^[ \t]*\(([A-Z][\w.&' -]{1,40}?)(?:\s+with\s+([A-Z][\w.&' -]{1,40}?)"
                           r"(?:\s*(?:,|and)\s*[A-Z][\w.&' -]{0,40}?)*)?\)[ \t.]*$", re.MULTILINE)
# The Canadian Press's closing line, which the sites running its copy keep: `This report by The
# Canadian Press was first published Jan. 24, 2024.` (A name in brackets closing a paragraph,
# "... new rules. (PTI)", is a credit for what it closes, not the whole text's source: see
# `citations`.)
_FIRST_PUBLISHED = re.compile(r"^[ \t]*This\s+(?:report|story|article)\s+by\s+([A-Z][\w.&' -]{1,40}?)\s+was\s+"
                              r"(?:first|originally)\s+published\b", re.MULTILINE)
# The names of a byline: capitalised words, initials, "and", commas (`ZEKE MILLER and JONATHAN LEMIRE`)
_BYLINE_NAMES = re.compile(r"(?:[A-Z][\w.'’-]*|and|&|,|\s)+")
_SIGNOFF_WINDOW = 600  # characters at the end of the text in which a sign-off is looked for
# `By Harriet Tolputt, PA News` / `By Jane Doe | Reuters`
_BYLINE_AGENCY = re.compile(r"\bBy\s+[^,|\n]{2,60}?\s*[,|]\s*([A-Z][\w.&' -]{1,40}?)\s*(?:<|$|\n|,)", re.MULTILINE)
_COPYRIGHT = re.compile(r"(?:(?:©|\(c\))\s*(?:copyright\s*)?|copyright\s*(?:©|\(c\))?\s*)(?:\d{4}\s*)?(?:by\s+)?([A-Z][\w.&' -]{1,50}?)(?:\s+\d{4})?"
                        r"(?:\.|,|\s+all\s+rights|$)", re.IGNORECASE | re.MULTILINE)
# A closing line giving the text's source: `Source: AFP`, `(With inputs from PTI)`, `With files
# from The Canadian Press`, `This article was provided by The Associated Press`, `— With AFP`
_SOURCE_LINE = re.compile(rf"^[ \t]*(?:{_DASH})?[ \t]*(?:\(?(?:[Ss]ource|(?:[Ww]ith\s+)?(?:[Ii]nputs?|files)\s+from|[Ww]ith|"
                          r"This\s+(?:article|story|report)\s+(?:was\s+)?(?:provided|supplied|distributed)\s+by)"
                          r"\s*:?\s*)([A-Z][\w.&' -]{1,40}?)[ \t.]*(?:[,;)]|$)", re.MULTILINE)
# What a byline says after an outlet's name: `By Reuters Staff`, `By AFP staff writers`
_STAFF = re.compile(r"\s+(?:staff(?:\s+(?:writers?|reporters?))?|wire(?:\s+(?:services?|reports?))?|news\s+service|"
                    r"reporters?|correspondents?)$", re.IGNORECASE)
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
        lead = _LEAD_AGENCY.match(text, s, e)
        for m in (*_SLASH_AGENCY.finditer(text, s, e), *_PAREN_AGENCY.finditer(text, s, e), lead):
            outlet = _credited(text, s, m, registry, known_only=m is lead) if m else None
            if m and outlet is not None:
                return Credit(outlet, m.start(1), m.end(1), "dateline")
    for s, e in heads:
        for m in _BYLINE_AGENCY.finditer(text, s, e):
            outlet = registry.resolve(m.group(1), allow_ambiguous=False)
            if outlet is not None and outlet.is_media:
                return Credit(outlet, m.start(1), m.end(1), "credit-line")
        credit = _byline_outlet(text, s, registry)
        if credit is not None:
            return credit
    start = doc.content_start
    for m in _COPYRIGHT.finditer(text, start):
        outlet = registry.resolve(m.group(1).strip(), allow_ambiguous=False)
        if outlet is not None and outlet.kind == "agency":
            return Credit(outlet, m.start(1), m.start(1) + len(m.group(1).rstrip()), "credit-line")
    return _signoff(text, max(start, len(text) - _SIGNOFF_WINDOW), boilerplate, registry)


def _credited(text: str, s: int, m: re.Match[str], registry: OutletRegistry, known_only: bool = False) -> Outlet | None:
    """The outlet a dateline's credit (`(NAME) -`, `/NAME/.`, `(CNN) The`) names. Anywhere in
    the opening of a paragraph, a name the outlet list knows unambiguously; unless `known_only`
    (a credit with no dash after it), in a dateline's own place (only a place and a date
    before it, with the place in capitals or a date given) also a name that is an ordinary word
    elsewhere, a known name with more after it (`(CNN Business)` is CNN's), or a name the list
    does not know (`CAIRO, Jan 24 (MENA) -`), as an agency of that name."""
    name = m.group(1)
    if _spells_out(text, s, m.start(1) - 1, name):
        return None
    known = registry.resolve(name, allow_ambiguous=False)
    if known is not None:
        return known if known.is_media else None
    if known_only:
        return None
    head = text[s:m.start()]
    if not _DATELINE_HEAD.fullmatch(head) or not (head[:2].isupper() or _MONTH.search(head)):
        return None
    known = registry.resolve(name) or next(
        (h.outlet for h in registry.find_all(text, m.start(1), m.end(1)) if h.start == m.start(1)), None)
    if known is not None:
        return known if known.is_media else None
    if _UNKNOWN_NAME.fullmatch(name) and name.casefold() not in _NOT_CREDITS and not name.isdigit():
        return Outlet(name, "agency")
    return None


def _spells_out(text: str, start: int, paren: int, acronym: str) -> bool:
    """Whether the words before `(ACRONYM)` spell it out ("Palestinian Authority (PA) President
    Mahmoud Abbas said"): an abbreviation being defined, not a dateline."""
    if not acronym.isupper() or len(acronym) < 2:
        return False
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", text[start:paren])[-len(acronym):])
    return initials.upper() == acronym


def _byline_outlet(text: str, s: int, registry: OutletRegistry) -> Credit | None:
    """The outlet ending a byline with no comma before it (`By ZEKE MILLER Associated Press`),
    the byline itself (`By Kyodo News`), or on the line below it (`By Jane Doe` / `The
    Associated Press`)."""
    if not text.startswith(("By ", "BY "), s):
        return None
    lines = []
    at = s
    for _ in range(2):
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        lines.append((at, end))
        at = end + 1
        if at >= len(text):
            break
    for k, (ls, le) in enumerate(lines):
        line = text[ls:le].rstrip(" \t\r<.")
        line = _STAFF.sub("", line)
        hits = [m for m in registry.find_all(text, ls, ls + len(line)) if m.end == ls + len(line)]
        names = text[s + 3:hits[-1].start if k == 0 and hits else le].strip(" \t\r<")
        if names and not _BYLINE_NAMES.fullmatch(names):  # none: the outlet is the byline ("By Kyodo News")
            return None  # "By contrast, officials said ..., according to Politico."
        # the byline's own last words, or the whole next line
        if hits and hits[-1].outlet.is_media and (k == 0 or hits[-1].start == ls + len(line) - len(line.lstrip())):
            return Credit(hits[-1].outlet, hits[-1].start, hits[-1].end, "credit-line")
    return None


def _signoff(text: str, start: int, boilerplate: tuple[Region, ...], registry: OutletRegistry) -> Credit | None:
    """An agency's sign-off at the end of the text: Reuters' `(Reporting by ...; Editing by
    ...)`, a closing line of a dash and an outlet's name (`— Associated Press`) or of a name
    in brackets (`(AFP)`, `(FRANCE 24 with AFP)`), one naming the text's source (`Source:
    AFP`, `(With inputs from PTI)`, `This report by The Canadian Press was first published ...`)."""
    for m in (*_SIGNOFF_LINE.finditer(text, start), *_SOURCE_LINE.finditer(text, start),
              *_FIRST_PUBLISHED.finditer(text, start), *_BRACKET_LINE.finditer(text, start)):
        group = 2 if m.re is _BRACKET_LINE and m.group(2) else 1
        outlet = registry.resolve(m.group(group), allow_ambiguous=False)
        if outlet is not None and outlet.is_media and not _inside(m.start(), boilerplate):
            return Credit(outlet, m.start(group), m.end(group), "credit-line")
    m = _REUTERS_SIGNOFF.search(text, start)
    reuters = registry.resolve("Reuters", allow_ambiguous=False)
    if m and reuters is not None and not _inside(m.start(), boilerplate):
        return Credit(reuters, m.start(), m.end(), "credit-line")
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
