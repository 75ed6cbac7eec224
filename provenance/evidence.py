"""Evidence that document A is a direct source of document B, for every related ordered pair.

Related pairs are those that share a passage or a quote, or where one credits the other's
outlet. For each ordered pair the features below are measured; the edge model
(`provenance.edgemodel`) turns them into a calibrated probability. Direction comes from
asymmetric evidence: how much of each text the shared material covers, whether the rest
of B's shared material comes from elsewhere (leak), rare shared material, trimmed quotes,
credits, origin cues ("told TASS" in a TASS story), publication times, and which outlet
is an agency. Shared quotes alone are weak: several outlets quote one statement without
copying each other, so quoted and narrative material are counted apart.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from . import _overlap
from .align import PairPassage
from .analysis import Analyzed
from .dates import to_timestamp
from .model import Citation, Passage, QuoteGroup
from .outlets import OutletRegistry
from .parallel import pmap, pmap_chunks
from .quotegroups import QuoteInstance, relation, shared_words

FEATURES: tuple[str, ...] = (
    "shared_words",  # words aligned between A and B
    "log_shared_words",
    "cov_b",  # share of B's words inside passages shared with A
    "cov_a",  # share of A's words inside passages shared with B
    "cov_diff",
    "log_len_ratio",  # log(words of B / words of A)
    "similarity",  # mean word similarity of their shared passages (matched-weighted)
    "verbatim_share",  # share of the aligned words in near-verbatim passages
    "narrative_share",  # share of B's shared text that is not inside quotation marks
    "rare_share",  # share of the aligned words in passages no third document carries
    "group_size",  # mean number of documents carrying the same stretches of text
    "leak_b",  # B's words shared with other documents, not with A
    "leak_a",  # A's words shared with other documents, not with B
    "c3_b",  # share of B's word trigrams found in A
    "c3_a",  # share of A's word trigrams found in B
    "quotes_shared",  # quote groups where A and B carry the same words
    "b_trims",  # shared quotes B has cut shorter than A
    "a_trims",  # shared quotes A has cut shorter than B
    "quotes_edited",  # shared quotes worded differently
    "cite_b_a",  # B credits A's outlet (credit or origin)
    "cite_a_b",  # A credits B's outlet
    "self_origin_a",  # A names its own outlet as where a quote was given ("told TASS" in TASS)
    "self_origin_b",
    "credits_b",  # credits B gives to any outlet (an aggregator cue)
    "credits_a",
    "cite_b_a_agency",  # B credits only the agency whose text A republishes, not A's own outlet
    "cite_b_other",  # B credits an outlet that is neither A's nor its own
    "cite_b_absent",  # B credits an outlet that published no document of the corpus (its source is elsewhere)
    "dt_hours",  # published(B) - published(A) in hours; missing when either is unknown
    "dt_coarse",  # 1 when either date has no time of day (it counts as noon), 0 when both do
    "a_agency",  # A is wire copy (agency outlet or dateline); 0 another outlet; missing when unnamed
    "b_agency",
    "b_carries_a",  # B republishes A's agency text (B's dateline agency is A's outlet)
    "a_carries_b",
    "same_outlet",
    "n_passages",
    # Where the shared material starts and ends in A and in B (shares of the words outside
    # boilerplate): a copy cut short ends its source early; an intro of one's own moves the start.
    "a_start",
    "a_end",
    "b_start",
    "b_end",
    "furniture_a",  # page furniture in A (a web page re-serving text)
    "furniture_b",
    "w1_b",  # share of B's distinct content words that A has (survives rewording)
    "w1_a",
    "w2_b",  # share of B's content-word pairs that A has
    "w2_a",
    "cov_b_outlet",  # share of B in passages shared with any document of A's outlet (wire copy in takes)
    "w2_b_outlet",  # share of B's content-word pairs found in A's outlet's documents
    # The same target's other candidate sources: a parent shares more with the copy than its
    # own ancestors or siblings do.
    "cov_gap",  # cov_b minus the best cov_b among the target's other candidates
    "sim_gap",
    "c3_gap",
    "unique_cov",  # share of B's words shared with A and with no other candidate
    "covered_by_best",  # share of what A shares with B that the best other candidate shares too
    "n_candidates",
    "dt_gap",  # hours after A minus the fewest hours after any other earlier candidate
    # share of what A shares with B that B shares with wire copy of another outlet too: two
    # newspapers writing up one agency story share only what the agency wrote
    "covered_by_wire",
    # share of B's credits of A's outlet that lie inside text B shares with another candidate
    # crediting that outlet too: a credit copied along with a copy's text ("(AFP)" kept by an
    # aggregator of a brief that credited AFP) names its source's source, not B's own
    "credit_copied",
)
_INDEX = {name: k for k, name in enumerate(FEATURES)}
_N_CONTEXT = 9
_ORIGIN_WORDS = ("told", "quoted", "interview", "speaking", "comments", "remarks")


@dataclass
class PairEvidence:
    """What connects source `a` to target `b` (document positions), and its features."""

    a: int
    b: int
    features: np.ndarray
    passages: list[str] = field(default_factory=list)  # passage group ids
    quotes: list[str] = field(default_factory=list)  # quote group ids
    citations: list[Citation] = field(default_factory=list)  # citations in b naming a's outlet
    share: float = 0.0  # share of b's words that came from a (passages and shared quotes)
    b_ranges: list[tuple[int, int]] = field(default_factory=list)  # b's words in passages shared with a
    b_taken: list[tuple[int, int]] = field(default_factory=list)  # those of them aligned as equal to a's

    def feature(self, name: str) -> float:
        return float(self.features[_INDEX[name]])


def union(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(intervals):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _words_in(d: int, passages: list[PairPassage]) -> list[tuple[int, int]]:
    """The word ranges of document `d` in passages it shares with one other document."""
    return [p.a_words if p.a == d else p.b_words for p in passages]


def _length(intervals: list[tuple[int, int]]) -> int:
    return sum(e - s for s, e in intervals)


def _inside(ranges: list[tuple[int, int]], within: list[tuple[int, int]]) -> float:
    """Share of the words of `ranges` (a union) that the union `within` covers too."""
    total = _length(ranges)
    return (total - minus(ranges, within)) / total if total and within else 0.0


def minus(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """Length of the union a minus the union b (both sorted and disjoint, as `union` makes
    them), in one sweep of the two."""
    total = 0
    k, n = 0, len(b)
    for s, e in a:
        while k < n and b[k][1] <= s:
            k += 1  # ends before this interval of a, so before every later one
        total += e - s
        m = k
        while m < n and b[m][0] < e:
            bs, be = b[m]
            total -= min(e, be) - max(s, bs)
            m += 1
    return total


class Vocabularies:
    """Each document's word trigrams (outside boilerplate), distinct content words and
    consecutive content-word pairs, as sorted arrays of distinct hashes (`_overlap.pyx`), and
    how many of each two documents share. Built once (each document's sets on the workers, or
    in a process of its own beside the passage grouping: `document_evidence`) before the
    evidence workers fork, so that they share it instead of each building its own."""

    KINDS = ("trigrams", "words", "pairs")

    def __init__(self, docs: list[Analyzed], workers: int = 1) -> None:
        def sets(chunk: Sequence[Analyzed]) -> list[tuple[np.ndarray, list[int]]]:
            """Per kind, the chunk's sets end to end and their sizes (one array per chunk
            travels back from a worker cheaper than one per document)."""
            per_doc = [_overlap.document_sets(an.words.norms, _flags(an.boiler), _flags(an.content_flags))
                       for an in chunk]
            return [(np.concatenate([np.zeros(0, dtype=np.uint64), *(s[kind] for s in per_doc)]),
                     [len(s[kind]) for s in per_doc]) for kind in range(len(self.KINDS))]

        chunks = pmap_chunks(sets, docs, workers)
        self.values: list[np.ndarray] = []
        self.offsets: list[np.ndarray] = []
        for kind in range(len(self.KINDS)):
            self.values.append(np.concatenate([np.zeros(0, dtype=np.uint64), *(c[kind][0] for c in chunks)]))
            sizes = [n for c in chunks for n in c[kind][1]]
            self.offsets.append(np.concatenate(([0], np.cumsum(sizes, dtype=np.int64))).astype(np.int64))
        self.sizes = [np.diff(o).tolist() for o in self.offsets]  # per kind, per document

    def of(self, kind: int, k: int) -> np.ndarray:
        return self.values[kind][self.offsets[kind][k]:self.offsets[kind][k + 1]]

    def common(self, pairs: list[tuple[int, int]]) -> np.ndarray:
        """Per pair (i, j), one column per kind: how many of them i and j share."""
        first = np.array([i for i, _ in pairs], dtype=np.int64)
        second = np.array([j for _, j in pairs], dtype=np.int64)
        return np.stack([_overlap.common_counts(v, o, first, second) for v, o in zip(self.values, self.offsets)],
                        axis=1)


_TRIGRAMS, _WORDS, _PAIRS = range(len(Vocabularies.KINDS))


def _flags(flags: tuple[bool, ...]) -> np.ndarray:
    return np.frombuffer(bytes(flags), dtype=np.uint8)


class _Side(NamedTuple):
    """One document of a related pair against the other, whichever is the source."""

    ranges: list[tuple[int, int]]  # its words in passages shared with the other (a union)
    cov: float  # their share of its words
    leak: float  # share of its words shared with third documents, not with the other
    narrative: float  # share of the shared words outside quotation marks
    extent: tuple[float, float]  # where the shared words start and end (see `_extent`)
    taken: list[tuple[int, int]]  # the shared words aligned as equal (a union)


@dataclass
class _DocFacts:
    words: int
    outlets: set[str]  # folded names this document goes by
    publishers: set[str]  # the same without an agency whose text it republishes
    agency_text: float  # 1 wire copy, 0 an outlet that is not an agency, nan unknown
    dateline_agency: str | None
    published: float | None  # seconds; a date without a time of day counts as its noon (UTC)
    coarse: bool  # the date has no time of day
    self_origin: bool
    credits: int
    credited: set[str]  # folded names of the outlets it credits
    furniture: int
    kept_before: np.ndarray  # per word position k: words outside boilerplate before it


@dataclass
class DocumentEvidence:
    """What the evidence needs of each document alone (`document_evidence`): it depends on
    neither passages nor quotes, so a scan computes it beside the passage grouping."""

    facts: list[_DocFacts]
    vocabularies: Vocabularies


def document_evidence(docs: list[Analyzed], citations: list[Citation], registry: OutletRegistry,
                      workers: int = 1) -> DocumentEvidence:
    return DocumentEvidence(document_facts(docs, citations, registry), Vocabularies(docs, workers))


def document_facts(docs: list[Analyzed], citations: list[Citation], registry: OutletRegistry) -> list[_DocFacts]:
    by_doc: dict[str, list[Citation]] = defaultdict(list)
    for c in citations:
        by_doc[c.doc].append(c)
    return [_facts(an, by_doc.get(an.id, []), registry) for an in docs]


def _facts(an: Analyzed, cites: list[Citation], registry: OutletRegistry) -> _DocFacts:
    d = an.doc
    names = d.names
    dateline = d.origins.get("agency")
    dateline_agency = d.agency if dateline is not None and dateline.source == "dateline" else None
    # Wire copy: 1 when its outlet or dateline is an agency's, 0 when the corpus names an
    # outlet for it that is not one, unknown when nothing names its outlet (an agency's
    # continuation take without a dateline is no evidence that a newspaper wrote it).
    agency_text = 1.0 if dateline_agency else (0.0 if names else math.nan)
    for n in (d.outlet, d.agency):
        o = registry.resolve(n) if n else None
        if o is not None and o.kind == "agency":
            agency_text = 1.0
    self_origin = any(c.kind == "self" and c.text.lower().startswith(_ORIGIN_WORDS) for c in cites)
    return _DocFacts(
        words=max(1, an.shareable_words),
        outlets=names,
        publishers=d.publishers,
        agency_text=agency_text,
        dateline_agency=dateline_agency.casefold() if dateline_agency else None,
        published=_noon(d.published),
        coarse=bool(d.published) and len(d.published) <= 10,
        self_origin=self_origin,
        credits=sum(1 for c in cites if c.kind in ("credit", "origin")),
        credited={c.cites.casefold() for c in cites if c.kind in ("credit", "origin")},
        furniture=sum(1 for r in d.boilerplate if r.kind in ("furniture", "repeated-in-outlet")),
        kept_before=np.concatenate(([0], np.cumsum(_flags(an.boiler) ^ 1, dtype=np.int32))),
    )


class EvidenceBuilder:
    """Computes `PairEvidence` for a scanned corpus; `documents`: its `document_evidence`,
    when already computed."""

    def __init__(self, docs: list[Analyzed], pair_passages: list[PairPassage], passages: list[Passage],
                 quotes: list[QuoteGroup], citations: list[Citation], registry: OutletRegistry,
                 documents: DocumentEvidence | None = None) -> None:
        self.docs = docs
        self.pos = {d.id: k for k, d in enumerate(docs)}
        self.pair_passages = pair_passages
        self.passages = passages
        self.quotes = quotes
        self.citations = citations
        self.registry = registry
        self._documents = documents
        self.facts = documents.facts if documents is not None else document_facts(docs, citations, registry)
        self._outlet_key = [(d.doc.outlet or "").casefold() for d in docs]
        self._outlet_cache: dict[tuple[int, tuple[int, ...]], tuple[float, float]] = {}  # see `_outlet_overlap`
        self._publishers = set().union(*(f.publishers for f in self.facts))
        # passage groups linking two documents, by `_pair_key`
        self._groups_by_pair: dict[int, list[str]] = defaultdict(list)
        for p in passages:
            for link in p.links:
                key = self._pair_key(self.pos[p.spans[link.a].doc], self.pos[p.spans[link.b].doc])
                ids = self._groups_by_pair[key]
                if not ids or ids[-1] != p.id:
                    ids.append(p.id)
        self._quote_words: dict[tuple[str, str], int] = {}  # (quote group, document) -> words of its longest version there
        for g in quotes:
            for o in g.occurrences:
                key = (g.id, o.doc)
                self._quote_words[key] = max(self._quote_words.get(key, 0), len(o.text.split()))
        self._places: dict[int, list[tuple[int, int, int]]] = defaultdict(list)  # doc -> (start, end, partner)
        for p in pair_passages:
            self._places[p.a].append((*p.a_words, p.b))
            self._places[p.b].append((*p.b_words, p.a))

    def _outlet_overlap(self, a: int, b: int, matched, by_outlet: dict[tuple[int, str], list[int]], vocab: Vocabularies,
                        alone: tuple[float, float]) -> tuple[float, float]:
        """A's outlet's documents that share text with B, taken together with A: an agency's
        takes of one story each carry a part. (Only related ones: the outlet's other stories
        say nothing about B, and taking them all would grow with the square of the corpus.)
        `alone`: the same figures for A alone (B's coverage and content-word pairs from A)."""
        outlet = self._outlet_key[a]
        group = {a}
        if outlet:
            group.update(by_outlet.get((b, outlet), ()))
        group.discard(b)
        if len(group) <= 1:
            return alone
        key = (b, tuple(sorted(group)))  # the same for every document of the group
        if key not in self._outlet_cache:
            ranges = union([r for k in key[1] for r in _words_in(b, matched.get((min(b, k), max(b, k)), []))])
            n_pairs = _overlap.common_with_any(vocab.values[_PAIRS], vocab.offsets[_PAIRS], b,
                                               np.array(key[1], dtype=np.int64))
            self._outlet_cache[key] = (_length(ranges) / self.facts[b].words, n_pairs / max(1, vocab.sizes[_PAIRS][b]))
        return self._outlet_cache[key]

    def build(self, workers: int = 1) -> list[PairEvidence]:
        """Evidence for both directions of every related pair; `workers` processes (see `parallel`)."""
        matched: dict[tuple[int, int], list[PairPassage]] = defaultdict(list)  # (i, j), i < j -> their passages
        all_cover: dict[int, list[tuple[int, int]]] = defaultdict(list)  # doc -> its words shared with any other
        partners: dict[int, set[int]] = defaultdict(set)
        for p in self.pair_passages:
            matched[(p.a, p.b) if p.a < p.b else (p.b, p.a)].append(p)
            all_cover[p.a].append(p.a_words)
            all_cover[p.b].append(p.b_words)
            partners[p.a].add(p.b)
            partners[p.b].add(p.a)
        all_union = {d: union(r) for d, r in all_cover.items()}
        by_outlet: dict[tuple[int, str], list[int]] = defaultdict(list)  # (doc, outlet) -> its partners of that outlet
        for d, ks in partners.items():
            for k in sorted(ks):
                if self._outlet_key[k]:
                    by_outlet[(d, self._outlet_key[k])].append(k)
        quote_ranges = self._quote_ranges()
        pair_quotes = self._pair_quotes(workers)
        pairs = sorted(set(matched) | {(min(a, b), max(a, b)) for a, b in pair_quotes})
        pair_cites = self._pair_citations(set(pairs))
        vocab = self._documents.vocabularies if self._documents is not None else Vocabularies(self.docs, workers)

        def both_ways(chunk: list[tuple[int, int]]) -> _Packed:
            out = []
            for (i, j), common in zip(chunk, vocab.common(chunk).tolist()):  # what does not depend on the direction, once
                passages = matched.get((i, j), [])
                figures = self._passage_figures(passages)
                si = self._side(i, passages, all_union, quote_ranges)
                sj = self._side(j, passages, all_union, quote_ranges)
                for a, b, sa, sb in ((i, j, si, sj), (j, i, sj, si)):
                    out.append(self._evidence(a, b, sa, sb, figures, len(passages), by_outlet, matched, pair_quotes,
                                              pair_cites, vocab, common))
            return _pack(out)

        out = [e for packed in pmap_chunks(both_ways, pairs, workers) for e in _unpack(packed)]
        _contextual(out, [f.words for f in self.facts], [f.outlets for f in self.facts],
                    [f.credited for f in self.facts], self._credit_words(out),
                    [(f.publishers, d.doc.republishes) for f, d in zip(self.facts, self.docs)], workers)
        return out

    def _credit_words(self, evidence: list[PairEvidence]) -> dict[tuple[int, int], list[tuple[int, str]]]:
        """(a, b) -> where each of b's credits of a's outlet starts (a word of b) and the name."""
        out = {}
        for e in evidence:
            if e.citations:
                words = self.docs[e.b].words
                out[(e.a, e.b)] = [(words.between(c.start, c.end)[0], c.cites.casefold()) for c in e.citations]
        return out

    def _quote_ranges(self) -> dict[int, list[tuple[int, int]]]:
        """Word ranges of each document that lie inside quotation marks."""
        out: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for g in self.quotes:
            for o in g.occurrences:
                k = self.pos[o.doc]
                out[k].append(self.docs[k].words.between(o.quote[0], o.quote[1]))
        return {k: union(v) for k, v in out.items()}

    def _pair_quotes(self, workers: int = 1) -> dict[tuple[int, int], list[tuple[str, str]]]:
        """(a, b) -> [(quote group id, relation of b's wording to a's)] for quotes both carry."""

        def pairs(g: QuoteGroup) -> list[tuple[int, int, str]]:
            occ = g.occurrences
            by_text: dict[str, QuoteInstance] = {}  # a quote's wording, made ready once (copies repeat it)
            for o in occ:
                if o.text not in by_text:
                    by_text[o.text] = QuoteInstance.make(o.doc, o.text, 0, len(o.text), None, None)
            made = list(zip(occ, (by_text[o.text] for o in occ)))
            first: set[str] | None = None  # with many carriers, the ones every carrier is paired with
            carriers = {o.doc for o in occ}
            if len(carriers) > _QUOTE_HEAD:
                longest: dict[str, int] = defaultdict(int)
                for o in occ:
                    longest[o.doc] = max(longest[o.doc], len(o.text))
                published = {d: self.docs[self.pos[d]].doc.published for d in carriers}
                first = set(sorted(carriers, key=lambda d: (published[d] is None, published[d] or "",
                                                            -longest[d], d))[:_QUOTE_HEAD])
            head = made if first is None else [(o, i) for o, i in made if o.doc in first]
            found = []
            for x, ia in made:
                for y, ib in (made if first is None or x.doc in first else head):
                    if x.doc == y.doc or not shared_words(x, y):
                        continue
                    found.append((self.pos[x.doc], self.pos[y.doc], relation(ib, ia)))
            return found

        shared = [g for g in self.quotes if len({o.doc for o in g.occurrences}) >= 2]
        out: dict[tuple[int, int], list[tuple[str, str]]] = defaultdict(list)
        for g, found in zip(shared, pmap(pairs, shared, workers)):
            for a, b, how in found:
                out[(a, b)].append((g.id, how))
        return out

    def _pair_citations(self, related: set[tuple[int, int]]) -> dict[tuple[int, int], list[Citation]]:
        """(a, b) -> citations in b that name a's outlet, for documents that share text or a quote.

        A credit alone does not make a pair: "according to Reuters" names an outlet, not one of
        its articles, and pairing it with every Reuters article grows with the square of the corpus.
        (Credits to outlets with no related document become external nodes in the graph.)"""
        partners: dict[int, list[int]] = defaultdict(list)
        for i, j in sorted(related):
            partners[i].append(j)
            partners[j].append(i)
        out: dict[tuple[int, int], list[Citation]] = defaultdict(list)
        for c in self.citations:
            if c.kind not in ("credit", "origin"):
                continue
            b = self.pos[c.doc]
            name = c.cites.casefold()
            for a in partners.get(b, ()):
                if name in self.facts[a].outlets:
                    out[(a, b)].append(c)
        return out

    def _side(self, d: int, passages: list[PairPassage], all_union, quote_ranges) -> _Side:
        """Document `d`'s figures against the other document of its `passages` that do not
        depend on which is the source."""
        f = self.facts[d]
        ranges = union(_words_in(d, passages))
        length = _length(ranges)
        quoted = length - minus(ranges, quote_ranges.get(d, []))
        return _Side(ranges, length / f.words, minus(all_union.get(d, []), ranges) / f.words,
                     1.0 - quoted / length if ranges else 0.0, _extent(ranges, f.kept_before),
                     union([r for p in passages for r in (p.a_matched if p.a == d else p.b_matched)]))

    def _passage_figures(self, passages: list[PairPassage]) -> tuple[int, float, float, float, float]:
        """Words aligned in a pair's passages, their mean similarity, share of near-verbatim,
        share no third document carries, and mean group size (the same either way)."""
        shared = sum(p.matched for p in passages)
        if not shared:
            return 0, 0.0, 0.0, 0.0, 0.0
        carriers = [(self._carriers(p), p.matched) for p in passages]
        return (shared, sum(p.similarity * p.matched for p in passages) / shared,
                sum(p.matched for p in passages if p.similarity >= 0.95) / shared,
                sum(m for c, m in carriers if c == 0) / shared, sum((c + 2) * m for c, m in carriers) / shared)

    def _evidence(self, a: int, b: int, sa: _Side, sb: _Side, figures: tuple[int, float, float, float, float],
                  n_passages: int, by_outlet, matched, pair_quotes, pair_cites, vocab: Vocabularies,
                  common: list[int]) -> PairEvidence:
        fa, fb = self.facts[a], self.facts[b]
        da, db = self.docs[a], self.docs[b]
        shared, sim, verbatim, rare, group_size = figures
        cov_b, cov_a = sb.cov, sa.cov
        pids = self._groups_by_pair.get(self._pair_key(a, b), ())
        trigrams, words, pairs = vocab.sizes
        c3_b = common[_TRIGRAMS] / max(1, trigrams[b])
        c3_a = common[_TRIGRAMS] / max(1, trigrams[a])
        q = pair_quotes.get((a, b), [])
        b_trims = sum(1 for _, r in q if r in ("sub-span", "internal-cut"))
        a_trims = sum(1 for _, r in q if r == "super-span")
        edited = sum(1 for _, r in q if r in ("edited", "translation"))
        cites_ba = pair_cites.get((a, b), [])
        cites_ab = pair_cites.get((b, a), [])
        timed = fa.published is not None and fb.published is not None
        dt = (fb.published - fa.published) / 3600.0 if timed else math.nan
        coarse = float(fa.coarse or fb.coarse) if timed else math.nan
        b_carries_a = fb.dateline_agency is not None and fb.dateline_agency in fa.outlets and not (fb.outlets <= fa.outlets)
        a_carries_b = fa.dateline_agency is not None and fa.dateline_agency in fb.outlets and not (fa.outlets <= fb.outlets)
        same_outlet = bool(fa.outlets & fb.outlets) and bool(db.doc.outlet) and db.doc.outlet == da.doc.outlet
        # shares of B's (A's) distinct content words and content-word pairs that the other has
        vocabulary = (common[_WORDS] / max(1, words[b]), common[_WORDS] / max(1, words[a]),
                      common[_PAIRS] / max(1, pairs[b]), common[_PAIRS] / max(1, pairs[a]))
        x = np.array([
            shared, math.log1p(shared), cov_b, cov_a, cov_b - cov_a, math.log((fb.words + 1) / (fa.words + 1)),
            sim, verbatim, sb.narrative, rare, group_size, sb.leak, sa.leak, c3_b, c3_a,
            len({g for g, _ in q}), b_trims, a_trims, edited,
            float(bool(cites_ba)), float(bool(cites_ab)), float(fa.self_origin), float(fb.self_origin),
            fb.credits, fa.credits, float(bool(cites_ba) and not any(c.cites.casefold() in fa.publishers for c in cites_ba)),
            float(bool(fb.credited - fa.outlets - fb.outlets)),
            float(bool(fb.credited - self._publishers)), dt, coarse, fa.agency_text, fb.agency_text,
            float(b_carries_a), float(a_carries_b), float(same_outlet), n_passages,
            *sa.extent, *sb.extent, fa.furniture, fb.furniture,
            *vocabulary,
            *self._outlet_overlap(a, b, matched, by_outlet, vocab, (cov_b, vocabulary[2])),
            *([0.0] * _N_CONTEXT),
        ], dtype=np.float64)
        # The churnalism figure counts the words B took over, not the words its editor put
        # in between them inside a shared passage (or, sharing only quotes, the words of B's
        # versions of them).
        if sb.taken:
            share_words = _length(sb.taken)
        else:
            share_words = min(fb.words, sum(self._quote_words.get((gid, db.id), 0) for gid in {g for g, _ in q}))
        return PairEvidence(a, b, x, passages=sorted(set(pids), key=_id_order),
                            quotes=sorted({g for g, _ in q}, key=_id_order), citations=cites_ba,
                            share=min(1.0, share_words / fb.words), b_ranges=sb.ranges, b_taken=sb.taken)

    def _pair_key(self, a: int, b: int) -> int:
        """One int for an unordered pair of document positions."""
        return min(a, b) * len(self.docs) + max(a, b)

    def _carriers(self, p: PairPassage) -> int:
        """Other documents carrying the same stretch of text as this pairwise passage, on either side."""
        others = set()
        for doc, (s, e) in ((p.a, p.a_words), (p.b, p.b_words)):
            for ps, pe, partner in self._places[doc]:
                if pe <= s or ps >= e or partner == p.a or partner == p.b:
                    continue
                # (no min() and max() calls: this loop runs millions of times on a large corpus)
                overlap = (e if e < pe else pe) - (s if s > ps else ps)
                if overlap >= 0.5 * (e - s if e - s < pe - ps else pe - ps):
                    others.add(partner)
        return len(others)


#: A list of `PairEvidence` as it travels back from a worker: the pairs, features and shares
#: as arrays, the word ranges flattened, the references as they are (see `parallel.pmap_chunks`).
_Packed = tuple[np.ndarray, np.ndarray, np.ndarray, list, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _pack(evidence: list[PairEvidence]) -> _Packed:
    def flat(lists: list[list[tuple[int, int]]]) -> tuple[np.ndarray, np.ndarray]:
        return (np.array([len(x) for x in lists], dtype=np.int64),
                np.array([v for x in lists for r in x for v in r], dtype=np.int64))

    return (np.array([(e.a, e.b) for e in evidence], dtype=np.int64).reshape(-1, 2),
            np.array([e.features for e in evidence], dtype=np.float64).reshape(len(evidence), len(FEATURES)),
            np.array([e.share for e in evidence], dtype=np.float64),
            [(e.passages, e.quotes, e.citations) for e in evidence],
            *flat([e.b_ranges for e in evidence]), *flat([e.b_taken for e in evidence]))


def _unpack(packed: _Packed) -> list[PairEvidence]:
    pairs, features, shares, refs, n_ranges, ranges, n_taken, taken = packed

    def lists(counts: np.ndarray, values: np.ndarray) -> list[list[tuple[int, int]]]:
        flat = values.tolist()
        ranges = list(zip(flat[0::2], flat[1::2]))
        ends = np.cumsum(counts).tolist()
        return [ranges[s:e] for s, e in zip([0, *ends], ends)]

    return [PairEvidence(a, b, x, passages=p, quotes=q, citations=c, share=share, b_ranges=r, b_taken=t)
            for (a, b), x, share, (p, q, c), r, t in zip(pairs.tolist(), features, shares.tolist(), refs,
                                                         lists(n_ranges, ranges), lists(n_taken, taken))]


def _noon(iso: str | None) -> float | None:
    t = to_timestamp(iso)
    if t is not None and iso is not None and len(iso) <= 10:
        t += 12 * 3600.0
    return t


def _extent(ranges: list[tuple[int, int]], counts: np.ndarray) -> tuple[float, float]:
    """Where the shared material starts and ends, as shares of the document's words outside
    boilerplate (a wire header or a page's furniture does not move them); NaN if none.
    `counts[k]`: the document's words outside boilerplate before word k."""
    if not ranges:
        return math.nan, math.nan
    n = max(1, int(counts[-1]))
    return int(counts[ranges[0][0]]) / n, int(counts[ranges[-1][1]]) / n


def _owned(ranges: list[list[tuple[int, int]]]) -> list[int]:
    """For each union of ranges, the length no other union of the list covers."""
    events = sorted((pos, step, k) for k, rs in enumerate(ranges) for s, e in rs for pos, step in ((s, 1), (e, -1)))
    owned = [0] * len(ranges)
    active: set[int] = set()
    last = 0
    for pos, step, k in events:
        if len(active) == 1 and pos > last:
            owned[next(iter(active))] += pos - last
        if step > 0:
            active.add(k)
        else:
            active.discard(k)
        last = pos
    return owned


#: A quote more documents carry than this pairs each of them only with the `_QUOTE_HEAD` that
#: published it first (the fullest wording first among equal times): a statement quoted by
#: thousands of articles would otherwise pair all of them with one another, growing with the
#: square of the corpus, while its sources are among its first carriers. (More weak candidates
#: than the synthetic training corpora give a document also inflate the model's belief that it
#: has a source at all: 1,629 unrelated articles sharing one quote drew 59 quote-only parents
#: at 50, 35 at 20.) No story in the evaluation corpora has a quote with more carriers.
_QUOTE_HEAD = 20


def _id_order(pid: str) -> tuple[str, int]:
    return pid[0], int(pid[1:]) if pid[1:].isdigit() else 0


def _contextual(evidence: list[PairEvidence], words: list[int], outlets: list[set[str]], credited: list[set[str]],
                credits: dict[tuple[int, int], list[tuple[int, str]]],
                syndication: list[tuple[set[str], str | None]], workers: int = 1) -> None:
    """Fill the features comparing each candidate source with the target's other candidates
    (each target's candidates on their own, so targets split across `workers` processes).
    `credited`: the folded names each document credits; `credits`: (a, b) -> where b's
    credits of a's outlet start (word) and the name credited; `syndication`: each document's
    publishers and the agency whose text it republishes under their name (or None).

    An agency's story and another site's copy of it are one text: what the target shares with
    one, the other carries too, so neither is the other's rival (for the gaps to the best other
    candidate, the unique share and the share the best other covers; a copy published between
    them still counts as the nearer in time); the copy is weighed as a source of its own in its turn."""
    by_target: dict[int, list[int]] = defaultdict(list)
    for k, e in enumerate(evidence):
        by_target[e.b].append(k)
    i_cov, i_sim, i_c3, i_dt = _INDEX["cov_b"], _INDEX["similarity"], _INDEX["c3_b"], _INDEX["dt_hours"]
    i_wire, i_shared = _INDEX["a_agency"], _INDEX["shared_words"]
    first = _INDEX["cov_gap"]

    def credit_copied(e: PairEvidence, sharing: list[PairEvidence]) -> float:
        """Share of the target's credits of e's outlet lying in text it shares with another
        candidate (not of that outlet) that credits the same name."""
        mine = credits.get((e.a, e.b))
        if not mine:
            return 0.0
        hits = 0
        for at, name in mine:
            hits += any(o.a != e.a and name in credited[o.a] and name not in outlets[o.a]
                        and any(s <= at < t for s, t in o.b_ranges) for o in sharing)
        return hits / len(mine)

    def kin(x: int, y: int) -> bool:
        """Whether documents x and y carry one agency's text, one of them under another name."""
        (px, cx), (py, cy) = syndication[x], syndication[y]
        return (cx is not None and (cx in py or cx == cy)) or (cy is not None and cy in px)

    def target(ks: list[int]) -> list[tuple[float, ...]]:
        """Each candidate's figures against the others that share text with the target. The
        best of the others in a column is the best candidate, or the second best for the best
        itself; the words only one candidate shares with the target come from one sweep."""
        cands = [evidence[k] for k in ks]
        sharing = [o for o in cands if o.features[i_shared] > 0]
        column = {i: [float(o.features[i]) for o in sharing] for i in (i_cov, i_sim, i_c3, i_dt)}

        def top_two(values: list[float], key=None) -> list[int]:
            return sorted(range(len(values)), key=key or values.__getitem__, reverse=True)[:2]

        # c3 ranks the likeliest other source: most of the target's trigrams, ties to the later position
        best = {i_cov: top_two(column[i_cov]), i_sim: top_two(column[i_sim]),
                i_c3: top_two(column[i_c3], key=lambda n: (column[i_c3][n], sharing[n].a))}
        earliest = sorted((t, n) for n, t in enumerate(column[i_dt]) if not math.isnan(t) and t > 0)[:2]
        me = {id(o): n for n, o in enumerate(sharing)}
        owned = _owned([o.b_ranges for o in sharing])  # words of each that no other one shares
        everything = union([r for o in sharing for r in o.b_ranges])
        wire = [o for o in sharing if o.features[i_wire] == 1.0]
        all_wire = union([r for o in wire for r in o.b_ranges])
        wire_named: dict[str, set[int]] = defaultdict(set)  # outlet name -> wire candidates of it (by id)
        for o in wire:
            for name in outlets[o.a]:
                wire_named[name].add(id(o))
        in_wire = {id(o) for o in wire}
        # candidates in syndication (a copy of an agency's story under another name, or that
        # agency's own story), for `kin`
        agencies = {syndication[o.a][1] for o in sharing} - {None}
        syndicated = [m for m, o in enumerate(sharing) if syndication[o.a][1] is not None
                      or syndication[o.a][0] & agencies] if agencies else []

        def other(ranked: list[int], n: int) -> int | None:
            """The first of the (at most two) ranked candidates that is not candidate n."""
            if ranked and ranked[0] != n:
                return ranked[0]
            return ranked[1] if len(ranked) > 1 and ranked[1] != n else None

        values = []
        wire_of: dict[object, list[tuple[int, int]]] = {}
        for e in cands:
            n = me.get(id(e), -1)
            copies = [m for m in syndicated if m != n and kin(e.a, sharing[m].a)]
            if copies:  # the others without the copies of e's own text
                rest = [m for m in range(len(sharing)) if m != n and m not in copies]
                rival = {i: max(rest, key=lambda m, i=i: (column[i][m], sharing[m].a), default=None)
                         for i in (i_cov, i_sim, i_c3)}
                unique = minus(e.b_ranges, union([r for m in rest for r in sharing[m].b_ranges])) / max(1, words[e.b])
            else:
                rival = {i: other(best[i], n) for i in (i_cov, i_sim, i_c3)}
                unique = (owned[n] if n >= 0 else minus(e.b_ranges, everything)) / max(1, words[e.b])
            first_other = next((t for t, k in earliest if k != n), None)
            gaps = [e.features[i] - (column[i][rival[i]] if rival[i] is not None else 0.0) for i in (i_cov, i_sim, i_c3)]
            k = rival[i_c3]
            covered = _inside(e.b_ranges, sharing[k].b_ranges if k is not None else [])  # each a union
            # wire copy of other outlets: the same for every candidate of one outlet
            key = frozenset(outlets[e.a]) if outlets[e.a] else id(e)
            if key not in wire_of:
                left_out = set().union(*(wire_named.get(name, ()) for name in outlets[e.a]))
                if id(e) in in_wire:
                    left_out.add(id(e))
                if not left_out:
                    wire_of[key] = all_wire
                elif len(left_out) == len(wire):
                    wire_of[key] = []
                else:
                    wire_of[key] = union([r for o in wire if id(o) not in left_out for r in o.b_ranges])
            by_wire = _inside(e.b_ranges, wire_of[key])
            f_dt = e.features[i_dt]
            dt_gap = f_dt - first_other if first_other is not None and not math.isnan(f_dt) else math.nan
            values.append((*gaps, unique, covered, len(sharing) - (n >= 0), dt_gap, by_wire, credit_copied(e, sharing)))
        return values

    def targets(chunk: list[list[int]]) -> np.ndarray:  # one row per candidate, as a matrix (see `pmap_chunks`)
        return np.array([v for ks in chunk for v in target(ks)], dtype=np.float64).reshape(-1, _N_CONTEXT)

    groups = list(by_target.values())
    order = [k for ks in groups for k in ks]
    values = np.concatenate([np.zeros((0, _N_CONTEXT)), *pmap_chunks(targets, groups, workers)])
    for k, v in zip(order, values):
        evidence[k].features[first:first + _N_CONTEXT] = v
