"""Decode the source graph: who took what from whom.

1. Every related ordered pair gets a calibrated probability from the edge model.
2. A second learned part estimates, from what its candidate sources look like, whether a
   document has a source in the corpus at all. Each document that likely has one gets
   its most probable direct parent, the others none (they are originals, or copies of
   sources outside the corpus): a maximum spanning arborescence (Chu-Liu/Edmonds,
   networkx) over a virtual root, so that no cycle can form.
3. Extra parents are added where they explain material no existing parent explains
   (an aggregator merging two sources), or where the document credits that source's
   outlet by name; never where they would close a cycle.
4. Outlets a document credits (RT and Reuters for the seed aggregators) and agencies whose
   dateline a republished copy carries become edges from outlet nodes, unless a document
   edge from that outlet already explains them; their probabilities are measured on the
   synthetic corpora when the model is trained. Speakers of the quotes several documents
   share become primary-source nodes, linked to the documents that carry their words
   first-hand (no parent carries them and no other source is named).

Every edge carries its probability, the share of the target's text that came from the
source, and its evidence as references into the report.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

import networkx as nx
import numpy as np

from .analysis import Analyzed
from .edgemodel import EdgeModel, root_features
from .evidence import FEATURES, PairEvidence, minus, union
from .model import Citation, Edge, EdgeEvidence, Node, QuoteGroup
from .outlets import OutletRegistry
from .text import normalize_word

ROOT = "\x00root"
_P_MIN, _P_MAX = 1e-4, 1 - 1e-4
_PARENT_BONUS = 100.0
#: A document takes a parent only where no parent at all is at most this many times likelier
#: (see `parent_candidates`).
_ROOT_ODDS = 4.0
#: A document at least this much inside an earlier one, near verbatim, is its copy (`parent_candidates`).
_COPY_COVER = 0.9
#: Endings outlets transliterate a name's last sound with ("Zelenskiy", "Zelenskyy", "Dmitri"): -y.
_TRANSLITERATED_ENDING = re.compile(r"(?:iy|yy|ii|ij|i)$")
_COV_B, _VERBATIM, _DT_HOURS = (FEATURES.index(name) for name in ("cov_b", "verbatim_share", "dt_hours"))
_EXTRA_MIN_WORDS = 12
_EXTRA_MIN_SHARE = 0.08


def _logit(p: float) -> float:
    p = min(_P_MAX, max(_P_MIN, p))
    return math.log(p / (1 - p))


@dataclass
class DocumentParents:
    """Steps 1-3: each related ordered pair with its evidence and probability, each document's
    probability of having a source in the corpus, its most likely parent and all its parents."""

    by_pair: dict[tuple[int, int], tuple[PairEvidence, float]]
    has_source: np.ndarray
    primary: dict[int, int]  # document -> its most likely parent
    chosen: dict[int, list[int]]  # document -> every parent (most likely first)


def document_parents(docs: list[Analyzed], evidence: list[PairEvidence], model: EdgeModel,
                     workers: int = 1) -> DocumentParents:
    probs = probabilities(evidence, model, workers)
    by_pair = {(e.a, e.b): (e, probs[(e.a, e.b)]) for e in evidence}
    has_source = has_sources(docs, evidence, probs, model)
    primary = _arborescence(by_pair, has_source, [syndication(an) for an in docs])
    chosen: dict[int, list[int]] = defaultdict(list)
    for b, a in primary.items():
        chosen[b].append(a)
    for b, lst in _extra_parents(docs, by_pair, primary).items():
        chosen[b].extend(lst)
    return DocumentParents(by_pair, has_source, primary, chosen)


def decode(docs: list[Analyzed], evidence: list[PairEvidence], model: EdgeModel, citations: list[Citation],
           quotes: list[QuoteGroup], registry: OutletRegistry, workers: int = 1) -> tuple[list[Node], list[Edge]]:
    """Nodes and edges of the document-level source graph (`workers`: threads for the edge model)."""
    dp = document_parents(docs, evidence, model, workers)
    by_pair, chosen = dp.by_pair, dp.chosen
    edges: list[Edge] = []
    for b in sorted(chosen):
        for a in chosen[b]:
            ev, p = by_pair[(a, b)]
            edges.append(Edge(
                source=docs[a].id, target=docs[b].id, confidence=round(p, 4), share=round(ev.share, 4),
                relation=_relation(docs[a], docs[b]), primary=dp.primary.get(b) == a,
                evidence=_evidence_items(ev, docs[a], docs[b]),
            ))
    nodes = [_document_node(d) for d in docs]
    ext_nodes, ext_edges, given = _credited(docs, citations, evidence, chosen, model)
    prim_nodes, prim_edges = _primary_sources(docs, quotes, citations, chosen, by_pair, dp.has_source, given)
    # A document without a most likely parent of its own takes its likeliest named source as one.
    with_parent = {e.target for e in edges if e.primary}
    best_named: dict[str, Edge] = {}
    for e in ext_edges:
        if e.target not in with_parent and (e.target not in best_named or
                                            (e.confidence, e.source) > (best_named[e.target].confidence,
                                                                        best_named[e.target].source)):
            best_named[e.target] = e
    ext_edges = [replace(e, primary=True) if best_named.get(e.target) is e else e for e in ext_edges]
    nodes += ext_nodes + prim_nodes
    edges += ext_edges + prim_edges
    nodes.sort(key=lambda n: ({"document": 0, "outlet": 1, "primary": 2}[n.kind], n.id))
    edges.sort(key=lambda e: (e.target, not e.primary, -e.confidence, e.source))
    return nodes, edges


def probabilities(evidence: list[PairEvidence], model: EdgeModel, workers: int = 1) -> dict[tuple[int, int], float]:
    """The edge model's probability for each related ordered pair (a, b)."""
    if not evidence:
        return {}
    probs = model.probability(np.array([e.features for e in evidence]), workers)
    return {(e.a, e.b): float(p) for e, p in zip(evidence, probs)}


def has_sources(docs: list[Analyzed], evidence: list[PairEvidence], pair_probability: dict[tuple[int, int], float],
                model: EdgeModel) -> np.ndarray:
    """Probability that each document has a direct source in the corpus (the model's `root` part)."""
    by_target: dict[int, list[PairEvidence]] = defaultdict(list)
    for e in evidence:
        by_target[e.b].append(e)
    X = root_features(pair_probability, by_target, len(docs), [an.shareable_words for an in docs])
    return model.has_source(X)


class Syndication(NamedTuple):
    """A document's place in syndication: the agency (case-folded) whose text it republishes
    under another outlet's name (an `(AP)` dateline on a local station's page), or the agency
    that published it itself; None for neither."""

    republishes: str | None
    agency: str | None

    def copies_alongside(self, other: Syndication) -> bool:
        """Whether both republish one agency's text under other outlets' names."""
        return self.republishes is not None and self.republishes == other.republishes


def syndication(an: Analyzed) -> Syndication:
    d = an.doc
    if d.republishes is not None:
        return Syndication(d.republishes, None)
    return Syndication(None, d.agency.casefold() if d.agency else None)


def _arborescence(by_pair: dict[tuple[int, int], tuple[PairEvidence, float]], has_source: np.ndarray,
                  syndicated: Sequence[Syndication] = ()) -> dict[int, int]:
    """Most likely parent of each document that likely has one (absent: an original), without
    cycles, from the `parent_candidates`. A document whose source is likelier than not takes
    its most probable candidate; the virtual root is its fallback only when every candidate
    would close a cycle."""
    candidates = nx.DiGraph()
    candidates.add_weighted_edges_from(  # the tiny tie-break keeps it deterministic
        (a, b, _PARENT_BONUS + math.log(p) - 1e-9 * (a + 1))
        for a, b, p in parent_candidates(by_pair, has_source, syndicated))
    # Documents that no candidate edge connects cannot take part in one another's cycles, so
    # each connected group is decoded on its own: Edmonds' algorithm copies its graph at every
    # contracted cycle, which on a whole corpus at once grows with its square.
    out: dict[int, int] = {}
    for group in sorted(nx.weakly_connected_components(candidates), key=min):
        # Each document's best candidate, when together they close no cycle, is the maximum
        # arborescence already (most groups): Edmonds' algorithm is needed only for a cycle.
        best = {b: max(candidates.in_edges(b, data="weight"), key=lambda e: e[2])[0]
                for b in group if candidates.in_degree(b)}
        if not _closes_cycle(best):
            out.update(best)
            continue
        g = nx.DiGraph()
        g.add_node(ROOT)
        for k in sorted(group):
            g.add_edge(ROOT, k, weight=0.0)
        g.add_weighted_edges_from(sorted(candidates.subgraph(group).edges(data="weight")))
        tree = nx.maximum_spanning_arborescence(g, attr="weight", preserve_attrs=False)
        out.update((b, a) for a, b in tree.edges() if a != ROOT)
    return dict(sorted(out.items()))


def parent_candidates(by_pair: dict[tuple[int, int], tuple[PairEvidence, float]],
                      has_source: np.ndarray, syndicated: Sequence[Syndication] = ()) -> list[tuple[int, int, float]]:
    """The edges (a, b, p) that may be b's parent, in pair order: b likely has a source, and a
    is likely enough against no parent at all (and, where both republish one agency's text,
    likelier than not). A document with no such candidate that
    republishes an agency's text (`syndicated`, per document) takes the agency's own likeliest
    document it is related to, if any; otherwise its likeliest earlier document that it copies
    word for word (`_is_earlier_copy`), unless both republish one agency's text under other
    names: two local stations running one AP story each had it from AP, whose dateline names it
    as their source (`named_sources`), not from each other. The chance that a is the one,
    P(has a source) x p / (sum of p over b's candidates), must be at least 1 / `_ROOT_ODDS`
    of 1 - P(has a source). Many weak candidates (a statement quoted by hundreds of unrelated
    articles, each sharing a stock phrase with dozens of others) can lift the root model's
    belief that a document has some source over one half while no candidate of it is
    likely: on 1,629 such articles 7 get a parent, against 35 without the rule (METER and
    the synthetic corpora: the same or better; odds of 1, 2, 3 and 5 gave 2, 2, 5 and 13
    parents and METER's PA parent 68.0%, 71.3%, 72.4% and 72.7% of derived articles without
    dates, against 72.7% without the rule)."""
    pairs = sorted(by_pair.items())
    total: dict[int, float] = defaultdict(float)  # per document: the sum of its candidates' probabilities
    for (_, b), (_, p) in pairs:
        total[b] += p
    out = [(a, b, p) for (a, b), (_, p) in pairs
           if has_source[b] >= 0.5 and p > _P_MIN and _ROOT_ODDS * has_source[b] * p / total[b] > 1.0 - has_source[b]
           and not (p < 0.5 and syndicated and syndicated[b].copies_alongside(syndicated[a]))]
    # A copy of an agency's text, or a document that is word for word inside an earlier one, is
    # a copy whatever the models say of it: among hundreds of identical copies of a wire story
    # (syndication) each candidate looks unlikely (and with many the agency's own story is not
    # among a copy's aligned partners, only its quotes tie them) and the document as if it had
    # no source.
    placed = {b for _, b, _ in out}
    wire: dict[int, tuple[int, float]] = {}  # document -> (the agency's likeliest document, p)
    copies: dict[int, tuple[int, float]] = {}  # document -> (its likeliest earlier copy source, p)
    for (a, b), (e, p) in pairs:  # a ascending: on a tie in p the first stays
        if b in placed:
            continue
        agency = syndicated[b].republishes if syndicated else None
        if agency is not None and syndicated[a].agency == agency:
            if p > wire.get(b, (0, -1.0))[1] and not (e is not None and e.features[_DT_HOURS] < 0):
                wire[b] = (a, p)  # not a story the agency published after the copy
        elif agency is not None and syndicated[b].copies_alongside(syndicated[a]):
            continue  # both from the agency
        elif e is not None and _is_earlier_copy(e) and p > copies.get(b, (0, -1.0))[1]:
            copies[b] = (a, p)
    copies.update(wire)
    return sorted(out + [(a, b, max(p, _P_MIN * 2)) for b, (a, p) in copies.items()])


def _is_earlier_copy(e: PairEvidence) -> bool:
    """B is A's text word for word (`_COPY_COVER` of B, in near-verbatim passages) and was
    published after it."""
    f = e.features
    return (f[_COV_B] >= _COPY_COVER and f[_VERBATIM] >= _COPY_COVER and not math.isnan(f[_DT_HOURS])
            and f[_DT_HOURS] > 0)


def _closes_cycle(parent: dict[int, int]) -> bool:
    """Whether following parents from some document leads back to it."""
    done: set[int] = set()
    for start in parent:
        path: set[int] = set()
        node: int | None = start
        while node is not None and node not in done:
            if node in path:
                return True
            path.add(node)
            node = parent.get(node)
        done |= path
    return False


def _is_descendant(children: dict[int, list[int]], node: int, target: int) -> bool:
    """Whether `target` is reachable from `node` along child links."""
    seen, stack = {node}, [node]
    while stack:
        for c in children.get(stack.pop(), ()):
            if c == target:
                return True
            if c not in seen:
                seen.add(c)
                stack.append(c)
    return False


def _extra_parents(docs: list[Analyzed], by_pair, parents: dict[int, int]) -> dict[int, list[int]]:
    current: dict[int, list[int]] = {b: [a] for b, a in parents.items()}
    children: dict[int, list[int]] = defaultdict(list)  # kept with `current`: a lookup per candidate
    for b, a in parents.items():
        children[a].append(b)
    extra: dict[int, list[int]] = defaultdict(list)
    candidates: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (a, b), (_, p) in by_pair.items():
        if p >= 0.5 and parents.get(b) != a:
            candidates[b].append((p, a))
    for b in sorted(candidates):
        covered = union([r for a in current.get(b, []) for r in by_pair[(a, b)][0].b_ranges])
        for _, a in sorted(candidates[b], key=lambda t: (-t[0], t[1])):
            ev = by_pair[(a, b)][0]
            new_words = minus(ev.b_ranges, covered)
            explains = new_words >= max(_EXTRA_MIN_WORDS, _EXTRA_MIN_SHARE * docs[b].shareable_words)
            if not (explains or ev.citations):
                continue
            if b == a or _is_descendant(children, b, a):
                continue  # would close a cycle
            current.setdefault(b, []).append(a)
            children[a].append(b)
            extra[b].append(a)
            covered = union(covered + ev.b_ranges)
    return extra


def _relation(a: Analyzed, b: Analyzed) -> str:
    da, db = a.doc, b.doc
    names_a = da.names
    if db.agency and db.agency.casefold() in names_a and (db.publisher or "").casefold() not in names_a:
        return "syndicated"
    return "derived"


def _document_node(an: Analyzed) -> Node:
    d = an.doc
    parts = [d.outlet or d.id]
    if d.published:
        parts.append(d.published[:10])
    return Node(id=d.id, kind="document", label=" · ".join(parts), outlet=d.outlet, in_corpus=True)


def _evidence_items(ev: PairEvidence, a: Analyzed, b: Analyzed) -> tuple[EdgeEvidence, ...]:
    items: list[EdgeEvidence] = []
    for pid in ev.passages:
        items.append(EdgeEvidence("passage", pid, "shared passage"))
    for qid in ev.quotes:
        items.append(EdgeEvidence("quote", qid, "shared quote"))
    for c in ev.citations:
        items.append(EdgeEvidence("citation", f"{c.doc}:{c.start}-{c.end}", f"{c.kind}: {c.text}"))
    f = ev.feature
    if not math.isnan(f("dt_hours")):
        hours = f("dt_hours")
        when = "after" if hours >= 0 else "before"
        items.append(EdgeEvidence("time", None, f"target published {abs(hours):.1f} h {when} the source"))
    if f("b_carries_a"):
        items.append(EdgeEvidence("outlet", None, f"target carries {a.doc.outlet or a.id}'s dateline"))
    if f("self_origin_a"):
        items.append(EdgeEvidence("outlet", None, "the source names itself as where a quote was given"))
    if f("b_trims") > f("a_trims"):
        items.append(EdgeEvidence("quote", None, f"target trims {int(f('b_trims'))} shared quote(s)"))
    if f("cov_b") > 0:
        items.append(EdgeEvidence("text", None, f"{f('cov_b'):.0%} of the target lies in passages shared with the "
                                                f"source, {f('cov_a'):.0%} of the source"))
    return tuple(items)


@dataclass(frozen=True)
class NamedSource:
    """A source a document names that none of its parents in the graph explains. `case` says
    how: "credit-own" and "origin-own" for a credit ("according to RT") or an origin cue
    ("told TASS") in the document's own words; "credit-shared" and "origin-shared" for one
    inside text it shares with a parent (of another outlet), so likely copied along with that
    text; "dateline" for the agency whose dateline a copy another site published carries.
    `at`: where the credit or cue starts in the document's text (None for a dateline)."""

    name: str
    doc: int
    case: str
    evidence: EdgeEvidence
    at: int | None = None


def named_sources(docs: list[Analyzed], citations: list[Citation], evidence: list[PairEvidence],
                  chosen: dict[int, list[int]]) -> list[NamedSource]:
    """Credits and datelines no parent explains (a parent explains a name when it was published
    by that outlet or carries its text). The named outlet's document in the corpus, if any, was
    weighed by the pair model and not chosen (published later, say: another report of that
    outlet's is the source)."""
    pos = {d.id: k for k, d in enumerate(docs)}
    inherited: dict[int, list[tuple[int, int]]] = defaultdict(list)  # doc -> text it shares with a parent
    for ev in evidence:
        if ev.a in chosen.get(ev.b, ()):
            b = docs[ev.b]
            inherited[ev.b].extend((b.words.starts[s], b.words.ends[e - 1]) for s, e in ev.b_ranges)

    def explained(name: str, b: int) -> bool:
        return any(name.casefold() in docs[a].doc.names for a in chosen.get(b, []))

    out = []
    for c in citations:
        b = pos[c.doc]
        name = c.cites.casefold()
        if c.kind not in ("credit", "origin") or explained(c.cites, b) or name in docs[b].doc.publishers:
            continue
        copied = any(s <= c.start < e for s, e in inherited.get(b, ()))
        out.append(NamedSource(c.cites, b, f"{c.kind}-{'shared' if copied else 'own'}",
                               EdgeEvidence("citation", f"{c.doc}:{c.start}-{c.end}", f"{c.kind}: {c.text}"), c.start))
    for b, an in enumerate(docs):
        d = an.doc
        o = d.origins.get("agency")
        if not (d.agency and o is not None and o.source in ("dateline", "credit-line")):
            continue
        if not an.doc.publishers or d.agency.casefold() in an.doc.publishers or explained(d.agency, b):
            continue
        out.append(NamedSource(d.agency, b, "dateline",
                               EdgeEvidence("outlet", None, f"the text carries {d.agency}'s {o.source}")))
    return out


#: Per document, where an outlet it names may have given it text: (start, end, probability).
Given = dict[int, list[tuple[int, int, float]]]


def _credited(docs: list[Analyzed], citations: list[Citation], evidence: list[PairEvidence],
              chosen: dict[int, list[int]], model: EdgeModel) -> tuple[list[Node], list[Edge], Given]:
    """Edges from the outlets documents name (`named_sources`) as nodes of their own, with the
    rate at which such a name is a true direct source on the synthetic corpora; names under
    an even chance are left out. The node is marked as in the corpus when the corpus holds a
    document that outlet published, so that the roll-up to outlets joins them.
    Also what those outlets may have given each document, with the edge's probability: the
    whole text for a credit or a dateline ("according to RT", "(AP) -"), only the paragraph
    of an origin cue ("the ministry was quoted by TASS as saying": that statement came from
    TASS, not the story's other quotes)."""
    corpus_names = {n for an in docs for n in an.doc.publishers}
    items: dict[tuple[str, int], list[EdgeEvidence]] = defaultdict(list)
    confidence: dict[tuple[str, int], float] = {}
    relation: dict[tuple[str, int], str] = {}
    cues: dict[tuple[str, int], list[int | None]] = defaultdict(list)  # None: the whole text
    for ns in named_sources(docs, citations, evidence, chosen):
        key = (ns.name, ns.doc)
        items[key].append(ns.evidence)
        cues[key].append(ns.at if ns.case.startswith("origin") else None)
        confidence[key] = max(confidence.get(key, 0.0), model.credit(ns.case))
        relation[key] = "syndicated" if ns.case == "dateline" else relation.get(key, "credited")
    nodes: dict[str, Node] = {}
    edges = []
    given: Given = defaultdict(list)
    for (name, b), found in sorted(items.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if confidence[(name, b)] < 0.5:
            continue
        nid = f"outlet:{name}"
        nodes[nid] = Node(id=nid, kind="outlet", label=name, outlet=name, in_corpus=name.casefold() in corpus_names)
        edges.append(Edge(source=nid, target=docs[b].id, confidence=round(confidence[(name, b)], 4), share=None,
                          relation=relation[(name, b)],  # type: ignore[arg-type]
                          primary=False, evidence=tuple(found)))
        for at in ([None] if None in cues[(name, b)] else dict.fromkeys(cues[(name, b)])):
            if at is None:
                s, t = 0, len(docs[b].doc.text)
            else:
                para = docs[b].paragraph_at(at)
                s, t = docs[b].paragraphs[para] if para >= 0 else (at, at + 1)
            given[b].append((s, t, edges[-1].confidence))
    return list(nodes.values()), edges, given


def _full_names(speakers: Iterable[str]) -> dict[str, str]:
    """One name per person among the speakers of the corpus's quotes: a name spelt another way
    by another outlet ("Zelensky", "Zelenskyy", "Zelenskiy"; accents dropped) -> one spelling of
    it (the one most often given, the first in sorted order among equals); a surname one
    document names alone ("Fayed") -> the one speaker of the corpus named in full with it
    ("Mohamed Al Fayed"), where there is exactly one (not with "Ali Fayed" too). Names that map
    to themselves are left out."""
    counts = Counter(speakers)
    names = sorted(counts)
    key = {n: _name_key(n) for n in names}
    spelling: dict[str, str] = {}  # a name's key -> its most given spelling
    for n in sorted(names, key=lambda n: (-counts[n], n)):
        spelling.setdefault(key[n], n)
    full: dict[str, set[str]] = defaultdict(set)  # a surname's key -> the full names ending in it
    for n in names:
        if len(n.split()) > 1:
            full[_name_key(n.split()[-1])].add(spelling[key[n]])
    out = {}
    for n in names:
        one = spelling[key[n]]
        if len(n.split()) == 1 and len(full.get(key[n], ())) == 1:
            one = min(full[key[n]])
        if one != n:
            out[n] = one
    return out


def _name_key(name: str) -> str:
    """A name as outlets' transliterations agree on it: each word's matching form (case and
    accents dropped: `text.normalize_word`), and the endings -iy, -yy, -ii, -ij, -i read as -y
    ("Dmitri", "Dmitry")."""
    return " ".join(_TRANSLITERATED_ENDING.sub("y", normalize_word(w)) for w in name.split())


def _given_by_outlet(spans: list[tuple[int, int, float]], start: int, end: int) -> float:
    """The probability that a named outlet gave the document its text at [start, end)."""
    return max((p for s, t, p in spans if s < end and start < t), default=0.0)


def _primary_sources(docs, quotes: list[QuoteGroup], citations: list[Citation], chosen, by_pair,
                     has_source: np.ndarray, credited: Given):
    """Speakers whose words several documents carry, and primary sources documents name,
    linked to the documents that had them first-hand: the emailed statement, the briefing,
    the interview. A document had a quote first-hand when none of its parents in the graph
    carries it, with the probability that it has no source in the corpus and that no outlet
    it names gave it that stretch of text (`credited`, from `_credited`); a named
    primary source, with the probability that it has no source in the corpus and no named
    outlet gave it."""
    pos = {d.id: k for k, d in enumerate(docs)}
    nodes: dict[str, Node] = {}
    edges: dict[tuple[str, str], tuple[float, float | None, list[EdgeEvidence]]] = {}
    canonical = _full_names(g.speaker for g in quotes if g.speaker is not None)
    for g in quotes:
        if g.speaker is None or len(g.docs) < 2:
            continue
        speaker = canonical.get(g.speaker, g.speaker)
        nid = f"primary:{speaker}"
        for doc_id in g.docs:
            b = pos[doc_id]
            if any((a, b) in by_pair and g.id in by_pair[(a, b)][0].quotes for a in chosen.get(b, [])):
                continue  # the graph has it from a parent that carries the quote
            p = 1.0 - float(has_source[b])
            p *= 1.0 - max((_given_by_outlet(credited.get(b, []), o.start, o.end)
                            for o in g.occurrences if o.doc == doc_id), default=0.0)
            if p < 0.5:
                continue
            nodes[nid] = Node(id=nid, kind="primary", label=speaker, outlet=None, in_corpus=False)
            words = sum(len(o.text.split()) for o in g.occurrences if o.doc == doc_id)
            share = min(1.0, words / max(1, docs[b].shareable_words))
            old = edges.get((nid, doc_id))
            items = (old[2] if old else []) + [EdgeEvidence("quote", g.id, "quotes the speaker's words")]
            edges[(nid, doc_id)] = (max(p, old[0] if old else 0.0),
                                    min(1.0, share + ((old[1] or 0.0) if old else 0.0)), items)
    for c in citations:
        b = pos[c.doc]
        p = (1.0 - float(has_source[b])) * (1.0 - _given_by_outlet(credited.get(b, []), c.start, c.end))
        if c.kind != "primary" or p < 0.5:
            continue
        nid = f"primary:{c.cites}"
        nodes[nid] = Node(id=nid, kind="primary", label=c.cites, outlet=None, in_corpus=False)
        old = edges.get((nid, c.doc))
        items = (old[2] if old else []) + [EdgeEvidence("citation", f"{c.doc}:{c.start}-{c.end}", f"primary: {c.text}")]
        edges[(nid, c.doc)] = (max(p, old[0] if old else 0.0), old[1] if old else None, items)
    out = [Edge(source=s, target=t, confidence=round(p, 4), share=None if share is None else round(share, 4),
                relation="quoted", primary=False, evidence=tuple(items))
           for (s, t), (p, share, items) in sorted(edges.items())]
    return list(nodes.values()), out


# --- roll-up to outlets ------------------------------------------------------------------------

def outlet_of(node: Node) -> str:
    """The outlet-level node a node stands for: a document stands for its outlet when known."""
    if node.kind == "document" and node.outlet:
        return f"outlet:{node.outlet}"
    return node.id


def rollup(nodes: list[Node], edges: list[Edge]) -> tuple[list[Node], list[Edge]]:
    """Merge the documents of one outlet into one node; edges between them disappear."""
    mapping = {n.id: outlet_of(n) for n in nodes}
    out_nodes: dict[str, Node] = {}
    for n in nodes:
        nid = mapping[n.id]
        if nid in out_nodes:
            if n.in_corpus and not out_nodes[nid].in_corpus:
                out_nodes[nid] = Node(nid, "outlet", out_nodes[nid].label, out_nodes[nid].outlet, True)
            continue
        if n.kind == "document" and n.outlet:
            out_nodes[nid] = Node(nid, "outlet", n.outlet, n.outlet, True)
        else:
            out_nodes[nid] = n
    merged: dict[tuple[str, str], Edge] = {}
    for e in edges:
        s, t = mapping[e.source], mapping[e.target]
        if s == t:
            continue
        old = merged.get((s, t))
        if old is None:
            merged[(s, t)] = Edge(s, t, e.confidence, e.share, e.relation, e.primary, e.evidence)
        else:
            share = None if old.share is None and e.share is None else max(old.share or 0.0, e.share or 0.0)
            merged[(s, t)] = Edge(s, t, max(old.confidence, e.confidence), share,
                                  old.relation if old.confidence >= e.confidence else e.relation,
                                  old.primary or e.primary, tuple(dict.fromkeys(old.evidence + e.evidence)))
    return (sorted(out_nodes.values(), key=lambda n: ({"document": 0, "outlet": 1, "primary": 2}[n.kind], n.id)),
            sorted(merged.values(), key=lambda e: (e.target, not e.primary, -e.confidence, e.source)))


def node_names(node: Node) -> set[str]:
    """What a person may call a node (case-folded): a document by its id or its outlet, an
    outlet or primary source by its name or label."""
    if node.kind == "document":
        return {node.id.casefold()} | ({node.outlet.casefold()} if node.outlet else set())
    return {node.id.split(":", 1)[-1].casefold(), node.label.casefold()}


def edges_between(nodes: list[Node], edges: list[Edge], source: str, target: str) -> list[Edge]:
    """The edges from a node called `source` to one called `target` (see `node_names`): the
    outlet level of a gold standard, where a document stands for its outlet."""
    by_id = {n.id: n for n in nodes}
    s, t = source.casefold(), target.casefold()
    return [e for e in edges if s in node_names(by_id[e.source]) and t in node_names(by_id[e.target])]
