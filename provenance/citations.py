"""Citations: every place an article names where its material came from.

Kinds (see `provenance.model.Citation`):
- credit: "according to RT", "according to a report by Reuters", "Reuters reported", "said
  Reuters", "reported RT", "[RT News] [Reuters]", "the news agency Tass reported", "cited by
  AP", "citing Interfax", a republisher's note ("This article originally appeared on
  Reuters.com", "republished with permission from", "distributed by"), a hat tip ("h/t The
  Guardian"), an aggregator's "Read the full story at The Independent";
- origin: where a quote was first given: "told TASS", "was quoted by TASS news agency as
  saying", "in an interview with the BBC", "TASS quoted him as saying";
- primary: a primary source's own text: "the ministry said in a statement", "according to
  a statement from the White House";
- self: the article's own outlet (its dateline, or "told TASS" in a TASS story);
- image: a photo credit ("REUTERS/Omar Sanadiki", "File Photo by .../UPI",
  "PHOTOGRAPH: .../Pixabay"), never a source of the text.

Credits and origins name media (agencies and outlets) only; an institution or a person
named with "according to" is a speaker, not a source of the text. Ambiguous outlet
names ("the Sun") count only in these explicit contexts.
"""

from __future__ import annotations

import re

from .analysis import Analyzed
from .boilerplate import image_credit
from .model import Citation
from .outlets import OutletMatch, OutletRegistry
from .speakers import SpeakerResolver
from .text import may_match

_THE = r"(?:the\s+)?"
_ORIGIN_LEFT = re.compile(
    rf"(?:\btold|\bquoted\s+by|\binterview\s+with|\bspeaking\s+(?:to|with)|\bin\s+comments\s+to|\bsaid\s+to|"
    rf"\bin\s+(?:a|an)\s+(?:[\w-]+\s+){{0,2}}?(?:statement|email|e-mail|letter)\s+to|"
    rf"\bin\s+remarks\s+to|\bwriting\s+(?:for|in))\s+{_THE}$", re.IGNORECASE)
_ORIGIN_RIGHT = re.compile(r"^(?:\s+news\s+agency)?\s+quoted\s+[^.;]{1,60}?\s+as\s+saying", re.IGNORECASE)
# A word describing an outlet before its name: "state-run", "semi-official", "Iran's".
_DESCRIPTOR = r"(?-i:[a-z][\w-]*|[A-Z][a-z]+['’]s)"
_CREDIT_LEFT = re.compile(
    rf"(?:\baccording\s+to(?:\s+(?:a|an|the)?\s*(?:[\w-]+\s+){{0,2}}?(?:reports?|story|stories|article|"
    rf"investigation|analysis|tally|count|data)\s+(?:by|in|from|on|of))?"
    # "according to the state-run TASS news agency", "according to Iran's semi-official Fars"
    rf"(?:\s+{_THE}{_DESCRIPTOR}(?:\s+{_DESCRIPTOR}){{0,2}})?|"
    # material only that outlet had: "a report seen by AFP", "documents obtained by CNN"
    rf"\b(?:seen|obtained|reviewed)\s+by|"
    # a sign-off line naming the agencies the story drew on: "– with Reuters and AFP", "(With AFP)"
    rf"(?<=\n)(?:(?:-{{1,2}}|–|—|\()[ \t]*)?with|"
    rf"\b(?:said|says|reported|reports|wrote|writes|added|adds|noted|cited\s+by|reported\s+by|"
    rf"citing|quoting|via|per|source:|sources?:|courtesy\s+of|first\s+reported\s+by|as\s+reported\s+by|"
    rf"(?:with\s+)?inputs?\s+from|carried\s+by|(?:additional\s+)?reporting\s+(?:by|from)|material\s+from|"
    rf"told\s+(?:to\s+)?(?:reporters\s+)?from|"
    # a republisher's note: "This article originally appeared on Reuters.com", "republished from"
    rf"originally\s+(?:appeared|published|ran|posted)\s+(?:on|in|at|by)|(?:first\s+)?published\s+(?:originally\s+)?by|"
    # "This article first appeared in", not "when the allegations first appeared in the Guardian"
    rf"(?:article|story|report|piece|column|essay)\s+(?:was\s+)?first\s+(?:appeared|published|ran|posted)\s+(?:on|in|at)|"
    # a blogger's hat tip, an aggregator's link to where it had the story
    rf"h/t|hat\s+tip(?:\s+to)?|read\s+(?:the\s+)?(?:full|original|whole|rest\s+of\s+the)\s+(?:story|article|report)\s+(?:at|on|in)|"
    rf"(?:re)?published\s+(?:with\s+permission\s+)?from|reprinted\s+(?:with\s+permission\s+)?from|"
    rf"(?:provided|supplied|distributed)\s+by))\s+{_THE}$",
    re.IGNORECASE)
_AGENCY_NOUN = re.compile(r"(?:\b(?:the\s+)?(?:news\s+agency|agency|newspaper|broadcaster|channel|outlet|website|daily|"
                          r"wire\s+service|state\s+(?:news\s+)?agency|news\s+website|tabloid|network)\s+)$", re.IGNORECASE)
_CREDIT_RIGHT = re.compile(
    r"^(?:\s+(?:news\s+agency|newswire|reporters?|correspondents?|TV|television|daily|newspaper|tabloid|"
    r"broadcaster|magazine|news\s+(?:outlet|site|website|portal)))?\s+"
    r"(?:(?:first\s+|also\s+|earlier\s+|later\s+)?(?:reported|reports|said|says|wrote|writes|cited|cites|"
    r"noted|published|announced|added|contributed|broke\s+the\s+news|learned|understands|has\s+learned|"
    r"was\s+first\s+to\s+report))\b")
# A contributor line naming the outlet: "Associated Press writer Jane Doe in London contributed to
# this report", "CNN's Jane Doe contributed to this report"
_CONTRIBUTED = re.compile(r"^(?:['’]s|\s+(?:staff\s+)?(?:writers?|reporters?|correspondents?|photographers?|"
                          r"journalists?))\s+[A-Z][^.\n]{1,160}?\s+contributed\b")
_IMAGE_LEFT = re.compile(r"(?:photo(?:graph)?s?|image|picture|pic|video)\b[^.\n\]]{0,80}$", re.IGNORECASE)
_STATEMENT = re.compile(
    r"\b(?:said|says|announced|declared|stated|wrote|added)\s+in\s+(?:a|an|its|their|his|her)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:statement|press\s+release|communiqu[ée]|news\s+release)\b", re.IGNORECASE)
_STATEMENT_FROM = re.compile(
    r"\b(?:according\s+to|in)\s+(?:a|an)\s+(?:[\w-]+\s+){0,3}?(?:statement|press\s+release|communiqu[ée])\s+"
    r"(?:from|by|of|issued\s+by|released\s+by)\s+(?P<np>[^,.;:“”\"]{2,80})", re.IGNORECASE)
_STATEMENT_NEEDS = ("statement", "release", "communiqu")  # one of them is in every match of both
# An agency named by that noun and credited: "the Pajhwok news agency reported", "according to
# Iran's semi-official Mizan news agency" (the name: capitalised words after any possessive)
_UNKNOWN_AGENCY = re.compile(
    r"(?P<left>\b[Aa]ccording\s+to\s+|\b(?:[Cc]iting|[Qq]uoting)\s+)?(?:[Tt]he\s+)?(?:[A-Z][\w-]*['’]s\s+)?"
    r"(?:(?:state|state-run|state-owned|official|semi-official|private|independent|[A-Z][\w]*-based)\s+)*"
    r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}?)\s+[Nn]ews\s+[Aa]gency"
    r"(?P<verb>\s+(?:reported|said|says|reports|quoted|cited)\b)?")
# An outlet the list does not know, named with its masthead's last word or a number
# ("Punchbowl News", "the Tampa Bay Times", "Channel 12"), with a credit before or a verb after
_UNKNOWN_LEFT = (r"(?P<left>\b(?:[Aa]ccording\s+to|(?:first\s+|as\s+)?reported\s+by|[Cc]iting|[Qq]uoting|told|"
                 r"speaking\s+to|in\s+an\s+interview\s+with|(?:a\s+)?report\s+(?:in|by))\s+)?")
_UNKNOWN_VERB = (r"(?P<verb>\s+(?:first\s+|also\s+|earlier\s+|later\s+)?(?:reported|reports|said|says|wrote|writes|"
                 r"revealed|published|cited)\b)?")
_MASTHEAD = (r"(?:News[ \t]+Agency|News|Times|Post|Journal|Herald|Tribune|Gazette|Telegraph|Banner|Chronicle|Observer|Examiner|"
             r"Inquirer|Dispatch|Courier|Bulletin|Register|Standard|Independent|Express|Star|Mirror|Daily|Review|"
             r"Press|Radio|Television|Magazine)")
_NOT_A_NAME = r"(?!(?:The|A|An|This|That|These|Its|His|Her|Their|Our|Another|One|Each|Every|No)\b)"
_OWNER = r"(?:[Tt]he\s+)?(?:[A-Z][\w'’-]*['’]s\s+)?"  # "the", "Israel's"
_UNKNOWN_MASTHEAD = re.compile(
    rf"{_UNKNOWN_LEFT}{_OWNER}"
    rf"(?P<name>{_NOT_A_NAME}(?:[A-Z][\w'’&-]*[ \t]+){{1,4}}{_MASTHEAD}|Channel[ \t]+\d+)\b"
    # not when more of a name follows: "White House Press Secretary", "Morning Star Capital"
    rf"(?![ \t]+[A-Z]){_UNKNOWN_VERB}")
_MASTHEAD_ANCHOR = re.compile(rf"\b(?:{_MASTHEAD}|Channel)\b")
# ... or by the noun for what it is, before or after the name
_OUTLET_NOUN = (r"(?:broadcaster|newspaper|daily|tabloid|magazine|news\s+(?:outlet|site|website|portal|channel)|"
                r"(?:TV|television)\s+channel)")
_NOUN_ANCHOR = re.compile(rf"\b{_OUTLET_NOUN}\b")
_UNKNOWN_DESCRIBED = re.compile(
    rf"{_UNKNOWN_LEFT}{_OWNER}(?:(?:local|state|state-run|national|regional|private|"
    rf"independent|online|opposition|[A-Z][a-z]+)\s+)?{_OUTLET_NOUN}\s+"
    rf"(?P<name>{_NOT_A_NAME}[A-Z][\w'’&-]*(?:[ \t]+[A-Z][\w'’&-]*){{0,3}}?)(?=[\s,.;:]|$){_UNKNOWN_VERB}")
_UNKNOWN_DESCRIBED_AFTER = re.compile(
    rf"{_UNKNOWN_LEFT}{_OWNER}"
    rf"(?P<name>{_NOT_A_NAME}[A-Z][\w'’&-]*(?:[ \t]+[A-Z][\w'’&-]*){{0,3}})\s+{_OUTLET_NOUN}{_UNKNOWN_VERB}")
# Between two names of a list of sources: "Reuters and AFP", "PTI, Reuters", "CNN and the BBC"
_LIST_JOIN = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:the\s+)?", re.IGNORECASE)
# What may follow the last name of such a list ("AFP viewers" is no source)
_LIST_END = re.compile(r"\s*(?:[.,;:)\]]|$|(?:on|in|that|as|which|who|when|reported|said|say|says)\b)", re.MULTILINE)
_DATELINE_DASH = re.compile(r"\)\s*(?:-{1,2}|–|—)")
_CLAUSE_START = re.compile(r"(?:^|[.;!?]\s+|[“”\"«»]\s*,?\s*|,\s+(?:and|but)\s+)")


def find_citations(an: Analyzed, registry: OutletRegistry) -> list[Citation]:
    doc = an.doc
    text = doc.text
    own = doc.names
    out: list[Citation] = []
    for field in ("agency", "publisher", "outlet"):
        o = doc.origins.get(field)
        if o is not None and o.source in ("dateline", "credit-line") and o.start is not None and o.end is not None:
            out.append(Citation(doc.id, "self", getattr(doc, field), o.start, o.end, text[o.start:o.end]))
    listed: tuple[int, str] | None = None  # (end, kind) of the last credit or origin a list may go on from
    for m in registry.find_all(text, doc.content_start):
        c = _classify(an, m, own)
        if c is None and listed is not None and m.outlet.is_media and not m.ambiguous \
                and _LIST_JOIN.fullmatch(text, listed[0], m.start) and _LIST_END.match(text, m.end):
            # the next name of a list: "according to Reuters and AFP", "(With inputs from PTI, Reuters)"
            kind = "self" if m.outlet.name.casefold() in own else listed[1]
            c = Citation(doc.id, kind, m.outlet.name, m.start, m.end, m.surface)  # type: ignore[arg-type]
        if c is not None:
            out.append(c)
            context = c.kind in ("credit", "origin") or (c.kind == "self" and (
                c.start < m.start or _CREDIT_LEFT.search(text, max(doc.content_start, m.start - 100), m.start)))
            listed = (c.end, "credit" if c.kind == "self" else c.kind) if context and c.end == m.end else None
    out += _image_credits(an, registry, out)
    out += _statements(an, registry)
    out += _unknown_agencies(an, registry, own)
    out += _unknown_outlets(an, registry, own, out)
    return _dedupe(out)


def _classify(an: Analyzed, m: OutletMatch, own: set[str]) -> Citation | None:
    text = an.doc.text
    left = text[max(an.doc.content_start, m.start - 100):m.start]
    right = text[m.end:m.end + 100]
    doc_id = an.doc.id
    own_dateline = any(o.source in ("dateline", "credit-line") and o.start is not None and o.start <= m.start < (o.end or 0)
                       for o in an.doc.origins.values())
    if own_dateline:
        return Citation(doc_id, "self", m.outlet.name, m.start, m.end, m.surface)
    if (left.endswith("/") and right.startswith("/")) or (left.endswith("(") and _DATELINE_DASH.match(right)):
        # another agency's dateline on this page: its text, republished
        kind = "self" if m.outlet.name.casefold() in own else "credit"
        return Citation(doc_id, kind, m.outlet.name, m.start, m.end, m.surface)  # type: ignore[arg-type]
    if not m.ambiguous and _in_image_credit(text, m, left, right):  # not "CCTV video of the night"
        return Citation(doc_id, "image", m.outlet.name, m.start, m.end, m.surface)
    if not m.outlet.is_media:
        return None
    start, kind = None, None
    lo = _ORIGIN_LEFT.search(left)
    if lo:
        start, kind = m.start - (len(left) - lo.start()), "origin"
    elif _ORIGIN_RIGHT.match(right):
        start, kind = m.start, "origin"
    cl = None
    if kind is None:
        cl = _CREDIT_LEFT.search(left)
        an_left = _AGENCY_NOUN.search(left)
        if cl:
            start, kind = m.start - (len(left) - cl.start()), "credit"
        elif an_left and _CREDIT_RIGHT.match(right):
            start, kind = m.start - (len(left) - an_left.start()), "credit"
        elif _CREDIT_RIGHT.match(right) or _CONTRIBUTED.match(right):
            start, kind = m.start, "credit"
        elif left.endswith("[") and right.startswith("]") and not (re.search(r"\w\s*\[$", left)
                                                                   and re.match(r"\]\s*[a-z]", right)):
            # a bracketed credit line: [Reuters]; not an editor's insertion in a sentence
            # ("the pressures they [ITV] are under")
            start, kind = m.start - 1, "credit"
        elif left.endswith("(") and right.startswith(")") and (
                _line_is_credits(text, m) or (_closes_text(left, right) and not _spells_out(left, m.surface))):
            # a credit line of names in brackets, or a name in brackets closing a sentence's or
            # a paragraph's text: "... near Odesa. (Interfax)", "... on Tuesday (PTI)."
            start, kind = m.start - 1, "credit"
    if m.outlet.name.casefold() in own and kind is not None:
        s = start if start is not None else m.start
        return Citation(doc_id, "self", m.outlet.name, s, m.end + (1 if kind and text[m.end:m.end + 1] == "]" else 0),
                        text[s:m.end])
    if kind is None:
        return None
    if m.ambiguous and kind == "credit" and not re.match(r"(?:the|daily)\s", m.surface, re.IGNORECASE) \
            and not left.rstrip().lower().endswith(("the", "[")):
        return None
    end = m.end
    rm = _CREDIT_RIGHT.match(right) or _CONTRIBUTED.match(right)
    if kind == "credit" and rm and not cl:
        end = m.end + rm.end()
    elif kind == "origin" and start == m.start:
        rm = _ORIGIN_RIGHT.match(right)
        end = m.end + (rm.end() if rm else 0)
    elif text[m.end:m.end + 1] in "])" and text[start:start + 1] in "[(":
        end = m.end + 1
    return Citation(doc_id, kind, m.outlet.name, start, end, text[start:end])  # type: ignore[arg-type]


_AFTER_SENTENCE = re.compile(r"[.!?][”\"’']?[ \t]+\($")
_ENDS_PARAGRAPH = re.compile(r"\)[ \t]*[.!]?[ \t]*(?:\r?\n|$)")


def _closes_text(left: str, right: str) -> bool:
    """Whether `(NAME)` comes after a finished sentence or ends its paragraph."""
    return bool(_AFTER_SENTENCE.search(left) or _ENDS_PARAGRAPH.match(right))


def _spells_out(left: str, acronym: str) -> bool:
    """Whether the words before `(ACRONYM)` spell it out: "the Press Trust of India (PTI)" defines
    an abbreviation, it credits no one."""
    if not acronym.isupper() or len(acronym) < 2:
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", left)[-2 * len(acronym):] if w[0].isupper()]
    return any("".join(w[0] for w in words[k:]) == acronym for k in range(len(words)))


def _line_is_credits(text: str, m: OutletMatch) -> bool:
    line_start = text.rfind("\n", 0, m.start) + 1
    line_end = text.find("\n", m.end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return bool(re.fullmatch(r"\s*(?:[\[(][^\])]{1,60}[\])]\s*)+", line))


def _in_image_credit(text: str, m: OutletMatch, left: str, right: str) -> bool:
    if left.endswith("/") or right.startswith("/"):
        return True  # REUTERS/Omar Sanadiki, Jayson Tufrey/ADF/UPI
    if re.match(r"\s*(?:photo|pictures?|images?|video)\b", right, re.IGNORECASE):
        return True  # AP Photo, AFP PHOTO
    line_start = max(text.rfind("\n", 0, m.start), text.rfind("[", 0, m.start)) + 1
    segment = text[line_start:m.start]
    return bool(_IMAGE_LEFT.search(segment) and image_credit(text[line_start:m.end + 40]))


_CREDIT_NAME = re.compile(
    r"(?:(?:file\s+)?photo(?:graph)?s?\s*(?:by|:|courtesy(?:\s+of)?|credit:?)|PHOTOGRAPH\s*:|"
    r"(?:image|picture)\s*(?:by|:|courtesy(?:\s+of)?|credit:?))\s*(?P<name>[^|\]\n.]{2,80})", re.IGNORECASE)
_CREDIT_NAME_NEEDS = ("photo", "image", "picture")


def _image_credits(an: Analyzed, registry: OutletRegistry, found: list[Citation]) -> list[Citation]:
    """Photo credits naming no known outlet ("PHOTOGRAPH: Netsyscom/Pixabay") are image credits too."""
    text = an.doc.text
    out = []
    if not may_match(text, _CREDIT_NAME_NEEDS):
        return out
    for m in _CREDIT_NAME.finditer(text, an.doc.content_start):
        name = m.group("name").strip(" ,;:")
        if any(c.kind == "image" and m.start("name") <= c.start < m.end("name") for c in found):
            continue
        if name:
            out.append(Citation(an.doc.id, "image", name.split("/")[-1].strip(), m.start(), m.end("name"),
                                text[m.start():m.end("name")]))
    return out


def _statements(an: Analyzed, registry: OutletRegistry) -> list[Citation]:
    """`X said in a statement`, `according to a statement from X`: X's own text is a source."""
    text = an.doc.text
    out: list[Citation] = []
    if not may_match(text, _STATEMENT_NEEDS):
        return out
    resolver = SpeakerResolver(an, registry)
    for m in _STATEMENT.finditer(text, an.doc.content_start):
        sent_start = _clause_start(an, text, m.start())
        subject = text[sent_start:m.start()]
        s = resolver.resolve(subject, sent_start) if subject.strip() else None
        if s is None:
            continue
        out.append(_source_citation(an, registry, s.name, sent_start, m.end()))
    for m in _STATEMENT_FROM.finditer(text, an.doc.content_start):
        s = resolver.resolve(m.group("np"), m.start("np"))
        if s is not None:
            out.append(_source_citation(an, registry, s.name, m.start(), m.end("np")))
    return out


def _unknown_agencies(an: Analyzed, registry: OutletRegistry, own: set[str]) -> list[Citation]:
    """A news agency the outlet list does not know, credited by that noun: "the Pajhwok news
    agency reported", "according to Iran's Mizan news agency" (`own`: the document's names)."""
    text = an.doc.text
    out: list[Citation] = []
    if "gency" not in text:
        return out
    for m in _UNKNOWN_AGENCY.finditer(text, an.doc.content_start):
        name = m.group("name")
        if not (m.group("left") or m.group("verb")):
            continue  # named in passing ("the Bakhtar news agency building")
        noun = text[m.end("name"):m.end("name") + 12].split()
        if noun[:2] == ["News", "Agency"]:
            name += " News Agency"  # the noun is part of the name
        if registry.resolve(name) is not None or registry.resolve(f"{name} news agency") is not None:
            continue  # a known one: credited where its name is found
        kind = "self" if name.casefold() in own else "credit"
        out.append(Citation(an.doc.id, kind, name, m.start(), m.end(), text[m.start():m.end()]))
    return out


def _unknown_outlets(an: Analyzed, registry: OutletRegistry, own: set[str], found: list[Citation]) -> list[Citation]:
    """An outlet the outlet list does not know, credited by name where the name is a
    masthead's ("first reported by Punchbowl News", "the Tampa Bay Times reported", "Israel's
    Channel 12 reported", "he told the Manchester Evening News") or by the noun for what it is
    ("according to local broadcaster TVN24", "the Kommersant daily reported"). Not where
    another citation is (`found`: "the Kaldor News Agency reported" is an agency's)."""
    text = an.doc.text
    out: list[Citation] = []
    # The patterns are slow to try at every offset: only in paragraphs holding their words.
    for anchor, patterns in ((_MASTHEAD_ANCHOR, (_UNKNOWN_MASTHEAD,)),
                             (_NOUN_ANCHOR, (_UNKNOWN_DESCRIBED, _UNKNOWN_DESCRIBED_AFTER))):
        windows = [(max(s, an.doc.content_start), e) for s, e in an.paragraphs
                   if e > an.doc.content_start and anchor.search(text, s, e)]
        for pattern in patterns:
            for s, e in windows:
                out += _unknown_outlets_in(an, registry, own, found + out, pattern, s, e)
    return sorted(out, key=lambda c: c.start)


def _unknown_outlets_in(an: Analyzed, registry: OutletRegistry, own: set[str], found: list[Citation],
                        pattern: re.Pattern[str], start: int, end: int) -> list[Citation]:
    text = an.doc.text
    out: list[Citation] = []
    for m in pattern.finditer(text, start, end):
        if not (m.group("left") or m.group("verb")):
            continue  # named in passing ("a Tampa Bay Times photographer")
        name = m.group("name")
        if registry.resolve(name) is not None or any(
                c.start < m.end("name") and m.start("name") < c.end for c in (*found, *out)):
            continue  # a known one: credited where its name is found
        origin = (m.group("left") or "").split()[:1] in (["told"], ["speaking"], ["in"])
        kind = "self" if name.casefold() in own else ("origin" if origin else "credit")
        out.append(Citation(an.doc.id, kind, name, m.start(), m.end(), text[m.start():m.end()]))  # type: ignore[arg-type]
    return out


def _source_citation(an: Analyzed, registry: OutletRegistry, name: str, start: int, end: int) -> Citation:
    known = registry.resolve(name)
    kind = "credit" if known is not None and known.is_media else "primary"
    if known is not None and known.name.casefold() in an.doc.names:
        kind = "self"
    return Citation(an.doc.id, kind, known.name if known else name, start, end, an.doc.text[start:end])  # type: ignore[arg-type]


def _clause_start(an: Analyzed, text: str, offset: int) -> int:
    sent = an.doc.content_start
    for s, e in an.sentences:
        if s <= offset < e:
            sent = s
            break
    last = sent
    for b in _CLAUSE_START.finditer(text, sent, offset):
        if b.end() < offset:
            last = b.end()
    return last


def _dedupe(cs: list[Citation]) -> list[Citation]:
    seen: dict[tuple[str, int], Citation] = {}
    for c in sorted(cs, key=lambda c: (c.start, -(c.end - c.start), c.kind, c.cites)):
        key = (c.cites, c.start)
        if key not in seen and not any(c.cites == o.cites and o.start <= c.start < o.end for o in seen.values()):
            seen[key] = c
    return sorted(seen.values(), key=lambda c: (c.start, c.end, c.kind, c.cites))
