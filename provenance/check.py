"""Checking new articles against everything seen before: the CI check.

For each new article, the index (or a corpus read into an in-memory index) gives the few
stored articles sharing lookup keys with it; the scan's own stages then run on the
article and those candidates only (passages and evidence between the article and each
candidate, quotes, citations, the source graph), so a check finds exactly what a scan of
the same documents would find about the article, in time that barely grows with the index.

What it reports per article: each stored article it reuses (share of its words, the
passages with their lines, whether it credits the outlet), the quotes it shares with
which outlets, and its likely parents in the graph. A `Policy` says which findings fail.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .analysis import Analyzed, analyze
from .config import ScanConfig
from .corpus import read_corpus
from .edgemodel import EdgeModel
from .errors import ConfigError, CorpusError
from .evidence import minus, union
from .index import DEFAULT_INDEX, Index, document_keys
from .model import Citation, Document, SkippedFile
from .outlets import OutletRegistry, default_registry
from .pipeline import analyse, prepare

#: `--fail-on` names, and the rule each one fails on.
FAIL_ON = ("duplicate", "uncredited-reuse", "any-reuse")
#: Rules of findings, most severe first (SARIF rule ids, annotation titles).
RULES = {
    "duplicate": "The article nearly duplicates a stored article",
    "uncredited-reuse": "The article reuses another outlet's text without crediting it",
    "reuse": "The article reuses text from a stored article",
}
_RULE_OF_FAIL_ON = {"duplicate": "duplicate", "uncredited-reuse": "uncredited-reuse", "any-reuse": "reuse"}


@dataclass(frozen=True)
class Policy:
    """What fails a check. A reuse counts when at least `min_share` of the new article's words
    came from one stored article; a duplicate when at least `duplicate_share` did."""

    fail_on: frozenset[str] = frozenset({"duplicate", "uncredited-reuse"})
    min_share: float = 0.2
    duplicate_share: float = 0.8
    max_candidates: int = 20


@dataclass(frozen=True)
class Located:
    """A stretch of the new article: offsets into its text, and 1-based lines when the file
    is plain text (the lines a CI annotation points at)."""

    start: int
    end: int
    line: int | None
    end_line: int | None
    text: str


@dataclass(frozen=True)
class Reuse:
    """Text of the new article that came from one stored article."""

    source: str  # the stored article's id
    outlet: str | None
    path: str
    share: float  # of the new article's words outside boilerplate
    similarity: float  # of the shared passages' wording, 1 = verbatim (lowest passage)
    own_outlet: bool  # both are the same outlet's
    credits: tuple[Citation, ...]  # the new article's own citations of the source's outlet
    spans: tuple[Located, ...]
    confidence: float | None  # probability the stored article is a direct source (graph edge)
    #: a credited source that also carries (nearly) all the text shared with this one: the
    #: article took it from there, this stored article is another copy of it
    explained_by: str | None = None
    #: the agency whose text both carry (the stored article is another site's copy of it), which
    #: the new article credits by its dateline
    agency: str | None = None

    @property
    def credited(self) -> bool:
        return self.own_outlet or bool(self.credits) or self.explained_by is not None or self.agency is not None


@dataclass(frozen=True)
class Finding:
    rule: str  # a key of RULES
    failed: bool  # the policy fails on it
    reuse: Reuse
    message: str


@dataclass(frozen=True)
class SharedQuote:
    text: str  # the new article's wording
    speaker: str | None
    start: int
    end: int
    line: int | None
    outlets: tuple[str, ...]  # stored articles' outlets (or ids) carrying it


@dataclass(frozen=True)
class ArticleCheck:
    doc: Document
    reuses: tuple[Reuse, ...]
    quotes: tuple[SharedQuote, ...]
    parents: tuple[tuple[str, float], ...]  # (source node, probability), most likely first
    findings: tuple[Finding, ...]
    candidates: int  # stored articles compared with it

    @property
    def failed(self) -> bool:
        return any(f.failed for f in self.findings)


@dataclass(frozen=True)
class CheckResult:
    articles: tuple[ArticleCheck, ...]
    policy: Policy
    against: str  # the index file or corpus the articles were checked against
    skipped: tuple[SkippedFile, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def failed(self) -> bool:
        return any(a.failed for a in self.articles)


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _locate(doc: Document, start: int, end: int) -> Located:
    lines = doc.format in ("txt", "md")
    return Located(start, end, line_of(doc.text, start) if lines else None,
                   line_of(doc.text, max(start, end - 1)) if lines else None, doc.text[start:end])


def check_documents(docs: Sequence[Document], index: Index, policy: Policy | None = None, *,
                    registry: OutletRegistry | None = None, model: EdgeModel | None = None) -> list[ArticleCheck]:
    """Check read articles against `index`, each on its own."""
    policy = policy or Policy()
    registry = registry or default_registry()
    cfg = index.cfg
    return [check_one(an, index, policy, cfg, registry, model) for an in prepare(docs, registry, cfg)]


def check_one(an: Analyzed, index: Index, policy: Policy, cfg: ScanConfig, registry: OutletRegistry,
              model: EdgeModel | None) -> ArticleCheck:
    doc = an.doc
    keys = document_keys([an], index.sketcher)[0]
    found = index.candidates(keys, limit=policy.max_candidates, exclude={doc.id})
    stored = index.documents([c for c, _ in found])
    analyzed = [analyze(d) for d in stored] + [an]
    me = len(analyzed) - 1
    state = analyse(analyzed, cfg, registry, model=model, focus=frozenset({me}))
    passages = {p.id: p for p in state.passages}
    confidence = {e.source: e.confidence for e in state.edges if e.target == doc.id}
    reuses = []
    ranges: dict[str, list[tuple[int, int]]] = {}
    for ev in state.evidence:
        if ev.b != me or not ev.b_ranges:
            continue
        src = analyzed[ev.a].doc
        ranges[src.id] = union(ev.b_ranges)
        spans = _spans(an, ranges[src.id])
        sims = [passages[p].similarity for p in ev.passages if p in passages]
        own = bool(src.outlet and doc.outlet and src.outlet.casefold() == doc.outlet.casefold())
        credits = tuple(c for c in ev.citations if c.kind in ("credit", "origin"))
        if not credits and src.outlet and doc.agency and doc.agency.casefold() == src.outlet.casefold():
            credits = tuple(c for c in state.citations if c.doc == doc.id and c.kind == "self")
        # another site's copy of the agency text this article's dateline credits
        agency = doc.agency if not credits and src.agency and doc.agency \
            and doc.agency.casefold() == src.agency.casefold() else None
        reuses.append(Reuse(src.id, src.outlet, src.path, round(ev.share, 4), round(min(sims, default=1.0), 4),
                            own, credits, spans, confidence.get(src.id), agency=agency))
    reuses = _explain_by_credited(reuses, ranges, an.shareable_words, policy.min_share)
    reuses.sort(key=lambda r: (-r.share, r.source))
    quotes = []
    outlet_of = {a.id: (a.doc.outlet or a.id) for a in analyzed}
    for g in state.quotes:
        mine = [o for o in g.occurrences if o.doc == doc.id]
        others = sorted({outlet_of[o.doc] for o in g.occurrences if o.doc != doc.id})
        if mine and others:
            o = mine[0]
            quotes.append(SharedQuote(o.text, o.speaker or g.speaker, o.start, o.end,
                                      _locate(doc, o.start, o.end).line, tuple(others)))
    parents = tuple((e.source, e.confidence) for e in sorted(
        (e for e in state.edges if e.target == doc.id), key=lambda e: (not e.primary, -e.confidence, e.source)))
    findings = tuple(f for r in reuses if (f := _finding(r, policy)) is not None)
    return ArticleCheck(doc, tuple(reuses), tuple(quotes), parents, findings, len(stored))


def _explain_by_credited(reuses: list[Reuse], ranges: dict[str, list[tuple[int, int]]], words: int,
                         min_share: float) -> list[Reuse]:
    """An uncredited stored article whose shared text a credited source carries too (all but
    less than `min_share` of the article) is another copy of the credited source."""
    credited = [r for r in reuses if r.credited]
    if not credited:
        return reuses
    out = []
    for r in reuses:
        if not r.credited:
            for c in sorted(credited, key=lambda c: (-c.share, c.source)):
                left = minus(ranges[r.source], ranges[c.source])
                if left / max(1, words) < min_share:
                    r = replace(r, explained_by=c.source)
                    break
        out.append(r)
    return out


def _spans(an: Analyzed, word_ranges: list[tuple[int, int]]) -> tuple[Located, ...]:
    """The new article's stretches for merged (`union`) word ranges."""
    w = an.words
    return tuple(_locate(an.doc, w.starts[i], w.ends[j - 1]) for i, j in word_ranges if j > i)


def _finding(r: Reuse, policy: Policy) -> Finding | None:
    applies = []
    if r.share >= policy.duplicate_share:
        applies.append("duplicate")
    if r.share >= policy.min_share and not r.credited:
        applies.append("uncredited-reuse")
    if r.share >= policy.min_share:
        applies.append("reuse")
    if not applies:
        return None
    failing = [rule for rule in applies if rule in {_RULE_OF_FAIL_ON[f] for f in policy.fail_on}]
    rule = failing[0] if failing else applies[0]
    who = f"{r.outlet} ({r.source})" if r.outlet else r.source
    if r.own_outlet:
        credit = "the same outlet's own article"
    elif r.explained_by and not r.credits:
        credit = f"text the credited {r.explained_by} carries too"
    elif r.credits:
        credit = "credited: " + "; ".join(sorted({c.text for c in r.credits}))
    elif r.agency:
        credit = f"both carry {r.agency}'s text, which the article's dateline credits"
    else:
        credit = f"{r.outlet} is not credited" if r.outlet else "the source's outlet is unknown, and nothing is credited"
    message = f"{r.share:.0%} of the article's words come from {who}, {credit}"
    return Finding(rule, bool(failing), r, message)


def check(paths: Sequence[str | os.PathLike[str]], *, index: str | os.PathLike[str] | None = None,
          against: Sequence[str | os.PathLike[str]] | None = None, policy: Policy | None = None,
          update: bool = False, config: ScanConfig | None = None, metadata: str | None = None,
          registry: OutletRegistry | None = None, model: EdgeModel | None = None,
          root: str | os.PathLike[str] | None = None) -> CheckResult:
    """Check the articles under `paths` against an index file (default `.provenance/index.db`)
    or, with `against`, against a corpus read now. `update` adds the articles that passed to
    the index. `root` names files by their path relative to it, as `index build ROOT` does.
    Unreadable files are listed in `CheckResult.skipped`."""
    cfg = config or ScanConfig()
    policy = policy or Policy()
    registry = registry or default_registry()
    if against and update:
        raise ConfigError("--update needs an index, not --against", hint="use --index PATH --update")
    read = read_corpus(paths, max_file_bytes=cfg.max_file_bytes, metadata=metadata, root=root)
    if not read.documents and not read.skipped:
        raise CorpusError("no articles to check", hint="pass article files or folders")
    if against:
        ix = Index(":memory:", cfg, create=True)
        ref = read_corpus(against, max_file_bytes=cfg.max_file_bytes)
        ix.add(ref.documents)
        where = ", ".join(str(p) for p in against)
    else:
        ix = Index(index or DEFAULT_INDEX, cfg)
        where = str(ix.path)
    with ix:
        articles = check_documents(read.documents, ix, policy, registry=registry, model=model)
        if update:
            ix.add([a.doc for a in articles if not a.failed])
    return CheckResult(tuple(articles), policy, where, tuple(read.skipped), tuple(read.warnings))
