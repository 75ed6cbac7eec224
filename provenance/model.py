"""The records provenance works with, in one place.

Everything here is a frozen dataclass. Offsets are Python string indices into
`Document.text`, the document's text exactly as read (for a `.txt` file its decoded
content with line ends untouched), so every finding can be highlighted where it came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

#: Where a document's metadata value came from. `file` sources (front matter, a JSON
#: record, HTML metadata) outrank the metadata table, which outranks what the text says.
OriginSource = Literal[
    "front-matter",  # the file's own `---` block
    "record",  # a field of a JSON/JSONL record
    "html-meta",  # <meta>, <title>, JSON-LD or the like in an HTML page
    "metadata-table",  # sources.csv or --metadata FILE
    "date-line",  # a seed-style first line `date 2017-01-24`
    "dateline",  # a news dateline: `MOSCOW, March 5. /TASS/.`, `(Reuters) -`
    "credit-line",  # a byline or credit: `By Jane Doe, PA News`, `© The Associated Press`
    "url",  # the domain of the document's URL
    "text",  # an explicit date or name elsewhere near the top of the text
    "path",  # the file name
]

BoilerplateKind = Literal[
    "furniture",  # page furniture: "Advertisement", "Follow us on ...", "RECOMMENDED ..."
    "caption",  # a photo caption or image credit
    "repeated-in-document",  # a line printed twice in one article
    "repeated-in-outlet",  # a line the outlet repeats across its articles
    "markup",  # wire-feed markup: page headers, rules, "mfl"
]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where one metadata value came from; `start`/`end` locate it in the text when it was read there."""

    source: OriginSource
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Region:
    """A stretch of a document's text with a kind, e.g. boilerplate never counted as shared."""

    start: int
    end: int
    kind: BoilerplateKind


@dataclass(frozen=True)
class Document:
    """One article as read, with its metadata and where each value came from.

    `outlet` is the name the document stands for in the source graph: the publisher when
    known, else the agency whose text it is. `publisher` is the site that published this
    copy; `agency` is the wire agency named in its dateline or credit line. An `(AP)`
    dateline on a local station's page gives publisher = the station, agency = AP.
    """

    id: str
    path: str
    text: str
    format: str  # "txt", "md", "json", "jsonl", "html"
    encoding: str | None  # the Python codec that reproduces `text` from the file's bytes
    record: int | None = None  # 1-based record number inside a JSON/JSONL file
    content_start: int = 0  # text before this offset is metadata (front matter, a `date` line)
    outlet: str | None = None
    publisher: str | None = None
    agency: str | None = None
    published: str | None = None  # ISO 8601 date or date-time
    url: str | None = None
    title: str | None = None
    author: str | None = None
    language: str | None = None
    origins: Mapping[str, Origin] = field(default_factory=dict)
    boilerplate: tuple[Region, ...] = ()
    sha256: str = ""

    @property
    def names(self) -> set[str]:
        """Every name (case-folded) the document goes by: its outlet, its publisher and the
        agency whose text it carries."""
        return {n.casefold() for n in (self.outlet, self.publisher, self.agency) if n}

    @property
    def publishers(self) -> set[str]:
        """The names (case-folded) of the outlets that published it, not an agency whose copy
        it republishes."""
        return {n.casefold() for n in (self.outlet, self.publisher) if n}

    @property
    def republishes(self) -> str | None:
        """The agency (case-folded) whose text it republishes under another outlet's name (an
        `(AP)` dateline on a local station's page), or None."""
        agency = self.agency.casefold() if self.agency else None
        publishers = self.publishers
        return agency if agency and publishers and agency not in publishers else None


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of one document: `text == document.text[start:end]`."""

    doc: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class PassageLink:
    """One aligned pair inside a passage group: spans `a` and `b` (indices into `spans`)."""

    a: int
    b: int
    similarity: float


@dataclass(frozen=True)
class Passage:
    """A passage shared by two or more documents: every place it occurs.

    `similarity` (0-1, 1 = identical wording) is the lowest similarity among the aligned
    pairs that make up the group; `links` lists those pairs.
    """

    id: str
    similarity: float
    spans: tuple[Span, ...]
    links: tuple[PassageLink, ...] = ()
    words: int = 0  # words in the longest span

    @property
    def docs(self) -> tuple[str, ...]:
        return tuple(sorted({s.doc for s in self.spans}))


QuoteRelation = Literal["identical", "sub-span", "super-span", "internal-cut", "edited", "translation"]


@dataclass(frozen=True, slots=True)
class WordEdit:
    """One word-level difference between an occurrence and the fullest version of its quote."""

    op: Literal["replace", "delete", "insert"]  # what the occurrence did to the fullest version's words
    fullest: str  # words of the fullest version ("" for an insertion)
    occurrence: str  # words of this occurrence ("" for a deletion)


@dataclass(frozen=True)
class QuoteOccurrence:
    """One place a quote occurs; `relation` compares its wording with the group's fullest version."""

    doc: str
    start: int
    end: int
    text: str
    speaker: str | None
    relation: QuoteRelation
    similarity: float  # 0-1, character-level, against the aligned part of the fullest version
    diff: tuple[WordEdit, ...] = ()
    covers: tuple[int, int] = (0, 0)  # the part of the fullest version's text it corresponds to
    quote: tuple[int, int] = (0, 0)  # the whole quotation (between its marks) this sentence belongs to


@dataclass(frozen=True)
class QuoteGroup:
    """The same quoted words wherever they occur (identical, trimmed, edited or translated)."""

    id: str
    speaker: str | None
    text: str  # the fullest version
    occurrences: tuple[QuoteOccurrence, ...]

    @property
    def docs(self) -> tuple[str, ...]:
        return tuple(sorted({o.doc for o in self.occurrences}))


CitationKind = Literal["credit", "origin", "primary", "self", "image"]


@dataclass(frozen=True, slots=True)
class Citation:
    """A place where an article names where its material came from.

    kinds: `credit` (the article credits an outlet: "according to RT", "said Reuters",
    "[Reuters]"), `origin` (where a quote was first given: "told TASS", "was quoted by TASS
    as saying"), `primary` (a primary source's own text: "the ministry said in a statement"),
    `self` (the article's own outlet: its dateline, or "told TASS" in a TASS story) and
    `image` (a photo credit, never a source of the text).
    """

    doc: str
    kind: CitationKind
    cites: str  # canonical outlet or source name
    start: int
    end: int
    text: str


NodeKind = Literal["document", "outlet", "primary"]


@dataclass(frozen=True, slots=True)
class Node:
    """A node of the source graph: a document of the corpus, an outlet it cites that the
    corpus does not hold, or a primary source (the speaker or institution behind a quote)."""

    id: str  # a document's id; "outlet:NAME" or "primary:NAME" otherwise
    kind: NodeKind
    label: str
    outlet: str | None
    in_corpus: bool


EvidenceKind = Literal["passage", "quote", "citation", "time", "outlet", "text"]


@dataclass(frozen=True, slots=True)
class EdgeEvidence:
    """One reason for an edge: `ref` points into the report (a passage or quote id, a
    citation's "doc:start-end"), `detail` says it in words."""

    kind: EvidenceKind
    ref: str | None
    detail: str


EdgeRelation = Literal["derived", "credited", "quoted", "syndicated"]


@dataclass(frozen=True)
class Edge:
    """`source` is a direct source of `target`.

    `confidence` (0-1) is the calibrated probability of that; `share` (0-1, None when
    unknown) the share of the target's text that came from the source; `primary` marks
    the target's most likely parent.
    """

    source: str
    target: str
    confidence: float
    share: float | None
    relation: EdgeRelation
    primary: bool
    evidence: tuple[EdgeEvidence, ...] = ()


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """An input that could not be read, with the reason in words a user can act on."""

    path: str
    reason: str


@dataclass(frozen=True)
class Report:
    """What a scan found; serialised by `provenance.report` as versioned JSON."""

    schema_version: str
    tool_version: str
    settings: Mapping[str, object]
    documents: tuple[Document, ...]
    passages: tuple[Passage, ...] = ()
    quotes: tuple[QuoteGroup, ...] = ()
    citations: tuple[Citation, ...] = ()
    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    skipped: tuple[SkippedFile, ...] = ()
    warnings: tuple[str, ...] = ()

    def document(self, doc_id: str) -> Document:
        for d in self.documents:
            if d.id == doc_id:
                return d
        raise KeyError(doc_id)
