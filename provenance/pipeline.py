"""The scan, as named stages: read -> prepare -> quotes and citations -> sketch ->
candidates -> align -> group -> evidence -> graph, with the quotes' grouping (one core)
going on beside sketch, candidates and align, and each document's facts for the evidence
beside the passage grouping (one core), when there are several workers.

Each stage is a function over records; `scan()` runs them in order and returns a
`Report`. The library never prints: progress goes to an optional callback and to the
`provenance` logger.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import logging
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from . import __version__
from .align import PairPassage, SeedIndex, align_pair, seed_index
from .analysis import Analyzed, Units, analyze, units, word_flags
from .boilerplate import Line, document_boilerplate, merge_regions, outlet_boilerplate, short_lines
from .citations import find_citations
from .config import ScanConfig
from .corpus import read_corpus
from .edgemodel import EdgeModel, default_model, load_model
from .evidence import DocumentEvidence, EvidenceBuilder, PairEvidence, document_evidence
from .graph import decode
from .infer import infer_metadata
from .model import Citation, Document, Edge, Node, Passage, QuoteGroup, Report, SkippedFile
from .outlets import OutletKind, OutletRegistry, default_registry, load_registry
from .parallel import Background, pmap, resolve_workers
from .passages import group_passages
from .quotegroups import QuoteInstance, group_quotes
from .quotes import find_quotes, nested_quotes, quote_units
from .report import SCHEMA_VERSION
from .sketch import Sketcher, candidate_pairs, sketch_corpus
from .speakers import attribute

log = logging.getLogger("provenance")


#: Quotations from which their grouping runs in a process of its own (about 0.1 ms each; a
#: forked process costs tens of milliseconds).
BACKGROUND_QUOTES = 2048
#: Documents from which their facts and vocabularies for the evidence are computed in a process
#: of their own beside the passage grouping (about 90 us each).
BACKGROUND_DOCUMENTS = 1024


def _huge_pages(enabled: bool) -> bool:
    """Whether numpy asks the kernel for transparent huge pages for large arrays (it does by
    default; `NUMPY_MADVISE_HUGEPAGE`); returns the previous setting."""
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
    except ImportError:  # a numpy without the switch
        return enabled
    return bool(_set_madvise_hugepage(enabled))


@contextlib.contextmanager
def scan_tuning() -> Iterator[None]:
    """Process-wide settings for the length of a scan (the block, or the function it
    decorates), restored afterwards:

    - No automatic garbage collection. A scan builds millions of small objects that live to
      its end (words, n-gram indexes, evidence, the report) and makes almost no cyclic garbage
      (about 7 objects per article: 134,000 on 19,755 generated articles, the same peak
      memory), and the collector walks that growing heap again and again: a quarter of the
      scan's time on 5,000 articles at CPython's default thresholds, and still 7% of it with
      full collections a hundred times rarer. What cyclic garbage there is waits for the
      caller's collector. Forked workers inherit the setting.
    - No transparent huge pages for numpy's arrays. Where the kernel compacts memory to make a
      huge page on the first touch, and a forked worker that writes next to an array copies
      2 MiB instead of 4 KiB, they cost more than they save (a scan of 20,000 articles spent
      19 s of system time with them and 12 s without).
    """
    collecting = gc.isenabled()
    gc.disable()
    huge = _huge_pages(False)
    try:
        yield
    finally:
        _huge_pages(huge)
        if collecting:
            gc.enable()


class Progress(Protocol):
    def __call__(self, stage: str, done: int, total: int) -> None: ...


def _silent(stage: str, done: int, total: int) -> None:
    return None


@dataclass
class Corpus:
    """Documents ready for matching, with what reading them reported."""

    documents: list[Document]
    analyzed: list[Analyzed]
    skipped: list
    warnings: list[str]


def prepare(documents: Sequence[Document], registry: OutletRegistry, cfg: ScanConfig,
            workers: int = 1) -> list[Analyzed]:
    """Find boilerplate, infer missing metadata and analyse each document; the documents,
    with both filled in, are the records' `doc`. Two passes over the documents, with the
    lines each outlet repeats across its articles found in between; the first cuts the text
    into words and sentences, and the second only marks which words are boilerplate."""

    def first(d: Document) -> tuple[Document, list[Line], Units]:
        regions = tuple(document_boilerplate(d))
        inferred = replace(infer_metadata(d, registry, regions), boilerplate=regions)
        parts = units(inferred)
        return inferred, short_lines(inferred, parts[0], parts[1]), parts

    done = pmap(first, documents, workers)
    repeated = outlet_boilerplate([d for d, _, _ in done], [lines for _, lines, _ in done],
                                  [parts[0] for _, _, parts in done], cfg.outlet_repeat_min_docs)
    docs = [replace(d, boilerplate=merge_regions((*d.boilerplate, *repeated.get(d.id, ())))) for d, _, _ in done]
    flags = pmap(lambda k: word_flags(docs[k], done[k][2][0]), range(len(docs)), workers)
    return [analyze(d, parts, f) for d, (_, _, parts), f in zip(docs, done, flags)]


@scan_tuning()
def load_corpus(paths: Sequence[str | os.PathLike[str]], cfg: ScanConfig, *, metadata: str | None = None,
                registry: OutletRegistry | None = None, progress: Progress = _silent, workers: int = 1) -> Corpus:
    read = read_corpus(paths, max_file_bytes=cfg.max_file_bytes, metadata=metadata)
    for s in read.skipped:
        log.warning("skipped %s: %s", s.path, s.reason)
    progress("read", len(read.documents), len(read.documents))
    analyzed = prepare(read.documents, registry or default_registry(), cfg, workers)
    progress("prepare", len(analyzed), len(analyzed))
    return Corpus([an.doc for an in analyzed], analyzed, read.skipped, read.warnings)


def find_pairs(analyzed: list[Analyzed], cfg: ScanConfig, focus: frozenset[int] | None = None,
               workers: int = 1) -> list[tuple[int, int]]:
    """Candidate document pairs from LSH whose matched windows share at least `min_shared_words`
    content words, at most `max_pairs_per_document` partners per document (most shared words
    first); with `focus`, only pairs of a focus document and one outside it (a check against an index).
    A corpus of at most `exhaustive_pairs` pairs has every pair aligned instead (not with `focus`:
    an index check aligns only what LSH proposes, which keeps its slowest checks fast)."""
    n = len(analyzed)
    if focus is None and n * (n - 1) // 2 <= cfg.exhaustive_pairs:
        return list(itertools.combinations(range(n), 2))
    sketches = sketch_corpus(analyzed, Sketcher(cfg), workers)
    # Against an index, the documents scanned are the new ones and what LSH proposed for them:
    # which words are common in such a corpus says nothing.
    hits = candidate_pairs(sketches, len(analyzed), cfg.min_shared_words, workers,
                           min_rare=cfg.min_rare_words if focus is None else 0, common_docs=cfg.common_word_docs(n))
    if focus is not None:
        hits = {(i, j): h for (i, j), h in hits.items() if (i in focus) != (j in focus)}
    partners: dict[int, list[tuple[int, int, int]]] = {}
    for (i, j), h in hits.items():
        partners.setdefault(i, []).append((h.shared_words, h.windows, j))
        partners.setdefault(j, []).append((h.shared_words, h.windows, i))
    keep: set[tuple[int, int]] = set()
    for i, lst in partners.items():
        lst.sort(key=lambda t: (-t[0], -t[1], t[2]))
        for _, _, j in lst[: cfg.max_pairs_per_document]:
            keep.add((min(i, j), max(i, j)))
    return sorted(keep)


def align_pairs(analyzed: list[Analyzed], pairs: list[tuple[int, int]], cfg: ScanConfig,
                progress: Progress = _silent, workers: int = 1) -> list[PairPassage]:
    indexes: dict[int, SeedIndex] = {}  # per process: each worker fills its own

    def index(i: int) -> SeedIndex:
        if i not in indexes:
            indexes[i] = seed_index(analyzed[i], cfg.seed_ngram)
        return indexes[i]

    def one(pair: tuple[int, int]) -> list[PairPassage]:
        i, j = pair
        return align_pair(analyzed[i], analyzed[j], i, j, cfg, index(i), index(j))

    found = pmap(one, pairs, workers, lambda k: progress("align", k, len(pairs)))
    return [p for ps in found for p in ps]


def _citation_order(c: Citation) -> tuple[str, int, int, str, str]:
    return (c.doc, c.start, c.end, c.kind, c.cites)


def quote_instances(an: Analyzed, registry: OutletRegistry) -> list[QuoteInstance]:
    """Every quotation of one document, attributed, cut into the units quotes are matched by."""
    instances: list[QuoteInstance] = []
    quotes = find_quotes(an)
    for q, speaker in zip(quotes, attribute(an, quotes, registry)):
        for s, e in quote_units(an.doc.text, q):
            instances.append(QuoteInstance.make(an.id, an.doc.text, s, e, speaker, an.doc.published,
                                                quote=(q.start, q.end)))
        for inner in nested_quotes(an.doc.text, q):
            instances.append(QuoteInstance.make(an.id, an.doc.text, inner.start, inner.end, None,
                                                an.doc.published))
    return instances


def quotes_and_citations(analyzed: list[Analyzed], registry: OutletRegistry, progress: Progress = _silent,
                         workers: int = 1) -> tuple[Background[list[QuoteGroup]], list[Citation]]:
    """Find every quotation, attribute it, and group the same quote across documents; and
    every citation of an outlet (one pass over the documents for both). Grouping runs on one
    core: with `workers` > 1 it goes on in a process of its own, for the caller to overlap with
    other work, and the quote groups are the returned `Background`'s result."""

    def one(an: Analyzed) -> tuple[list[QuoteInstance], list[Citation]]:
        return quote_instances(an, registry), find_citations(an, registry)

    per_doc = pmap(one, analyzed, workers, lambda k: progress("quotes", k, len(analyzed)))
    instances = [q for qs, _ in per_doc for q in qs]
    return (Background(lambda: group_quotes(instances), enabled=workers > 1 and len(instances) >= BACKGROUND_QUOTES),
            sorted((c for _, cs in per_doc for c in cs), key=_citation_order))


def corpus_outlets(analyzed: Sequence[Analyzed], registry: OutletRegistry) -> list[tuple[str, OutletKind, bool]]:
    """The names the documents go by (the agency whose text each one carries, its outlet and
    its publisher) that `registry` does not know: what one document is called, another may
    credit. A name of one word that some document writes in lower case ("star", "mail") is an
    ordinary word: ambiguous."""
    names: dict[str, OutletKind] = {}
    for an in analyzed:
        d = an.doc
        for name, kind in ((d.agency, "agency"), (d.outlet, "outlet"), (d.publisher, "outlet")):
            if name and name not in names and registry.resolve(name) is None:
                names[name] = kind  # type: ignore[assignment]
    words = {n.lower() for n in names if n.isalpha()}
    lower: set[str] = set()
    if words:
        pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words))) + r")\b")
        for an in analyzed:
            lower.update(pattern.findall(an.doc.text))
            if lower == words:
                break
    return [(name, kind, name.isalpha() and name.lower() in lower) for name, kind in names.items()]


@dataclass
class ScanState:
    """Everything a scan finds, in the forms later stages (and the index) need."""

    cfg: ScanConfig
    registry: OutletRegistry
    analyzed: list[Analyzed]
    pair_passages: list[PairPassage] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    quotes: list[QuoteGroup] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    evidence: list[PairEvidence] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    model: EdgeModel | None = None  # the edge model the graph was decoded with


@scan_tuning()
def analyse(analyzed: list[Analyzed], cfg: ScanConfig, registry: OutletRegistry, *, passages: bool = True,
            graph: bool = True, model: EdgeModel | None = None, progress: Progress = _silent,
            focus: frozenset[int] | None = None, workers: int = 1) -> ScanState:
    """The stages after reading: candidates -> align -> group; quotes; citations; evidence -> graph.
    `focus` (positions in `analyzed`) aligns only pairs of a focus document and another one;
    `workers`: processes for the stages that split into independent items (see `parallel`).
    The outlets the documents go by that `registry` does not know are added to it for these
    stages (`corpus_outlets`)."""
    registry = registry.with_names(corpus_outlets(analyzed, registry))
    state = ScanState(cfg, registry, analyzed)
    # Quotes first: their grouping (one core) overlaps finding the passages (see `Background`).
    grouping, state.citations = quotes_and_citations(analyzed, registry, progress, workers)
    # What the evidence needs of each document alone, beside the passage grouping (one core).
    documents: Background[DocumentEvidence] | None = None
    try:
        if passages:
            pairs = find_pairs(analyzed, cfg, focus, workers)
            progress("candidates", len(pairs), len(pairs))
            state.pair_passages = align_pairs(analyzed, pairs, cfg, progress, workers)
            if graph:
                documents = Background(lambda: document_evidence(analyzed, state.citations, registry, workers),
                                       enabled=workers > 1 and len(analyzed) >= BACKGROUND_DOCUMENTS)
            state.passages = group_passages(state.pair_passages, analyzed)
            progress("group", len(state.passages), len(state.passages))
        state.quotes = grouping.result()
    except BaseException:
        for job in (grouping, documents):  # no process left behind waiting to hand over its result
            if job is not None:
                job.cancel()
        raise
    progress("quote groups", len(state.quotes), len(state.quotes))
    if graph:
        state.evidence = EvidenceBuilder(analyzed, state.pair_passages, state.passages, state.quotes,
                                         state.citations, registry,
                                         documents.result() if documents is not None else None).build(workers)
        progress("evidence", len(state.evidence), len(state.evidence))
        state.model = model or default_model()
        state.nodes, state.edges = decode(analyzed, state.evidence, state.model, state.citations,
                                          state.quotes, registry, workers)
        progress("graph", len(state.edges), len(state.edges))
    return state


@scan_tuning()
def scan(paths: Sequence[str | os.PathLike[str]] | str | os.PathLike[str], *, config: ScanConfig | None = None,
         metadata: str | None = None, aliases: str | None = None,
         progress: Callable[[str, int, int], None] | None = None, passages: bool = True,
         graph: bool = True, model: str | None = None, workers: int | None = None) -> Report:
    """Scan articles under `paths` and return what they share and who took it from whom.

    `paths` are folders (read recursively) or files; `metadata` is a CSV table filling in
    outlet/url/published; `aliases` a TOML file extending the built-in outlet names;
    `model` an edge model file (`provenance train`) instead of the built-in one.
    `passages=False` skips passage alignment, `graph=False` the source graph.
    `workers`: processes to use (default: one per available core); the report is the same
    whatever the number.
    Raises `CorpusError` when there is nothing to scan; unreadable files are listed in
    `Report.skipped`.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    cfg = config or ScanConfig()
    report_progress = progress or _silent
    registry = load_registry(aliases) if aliases else default_registry()
    n = resolve_workers(workers)
    corpus = load_corpus(paths, cfg, metadata=metadata, registry=registry, progress=report_progress, workers=n)
    state = analyse(corpus.analyzed, cfg, registry, passages=passages, graph=graph,
                    model=load_model(model) if model else None, progress=report_progress, workers=n)
    return to_report(state, corpus.documents, corpus.skipped, corpus.warnings)


def to_report(state: ScanState, documents: Sequence[Document], skipped: Sequence[SkippedFile] = (),
              warnings: Sequence[str] = ()) -> Report:
    cfg = state.cfg
    return Report(
        schema_version=SCHEMA_VERSION,
        tool_version=__version__,
        settings={**cfg.as_dict(), "fingerprint": cfg.fingerprint()},
        documents=tuple(sorted(documents, key=lambda d: d.id)),
        passages=tuple(state.passages),
        quotes=tuple(state.quotes),
        citations=tuple(state.citations),
        nodes=tuple(state.nodes),
        edges=tuple(state.edges),
        skipped=tuple(sorted(skipped, key=lambda s: s.path)),
        warnings=tuple(warnings),
    )
