"""Why there is, or is not, an edge between two documents (`provenance explain A B`)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .errors import ProvenanceError
from .evidence import FEATURES, PairEvidence
from .graph import has_sources, syndication
from .model import Edge
from .pipeline import ScanState
from .render.text import terminal_safe


@dataclass(frozen=True)
class Direction:
    source: str
    target: str
    probability: float | None  # None: the pair shares nothing the model looks at
    evidence: PairEvidence | None
    edges: tuple[Edge, ...]  # edges between the two, this way


@dataclass(frozen=True)
class Explanation:
    a: str
    b: str
    forward: Direction
    backward: Direction
    has_source: dict[str, float]  # probability each has a source in the corpus
    parents: dict[str, tuple[Edge, ...]]  # the edges into each
    common_agency: str | None = None  # the agency whose text both republish under their own names


def find_document(state: ScanState, key: str) -> int:
    """A document by id, path, or file name."""
    for k, an in enumerate(state.analyzed):
        if key in (an.id, an.doc.path) or an.doc.path.endswith("/" + key):
            return k
    matches = [k for k, an in enumerate(state.analyzed) if an.id.endswith(key) or an.id.startswith(key)]
    if len(matches) == 1:
        return matches[0]
    raise ProvenanceError(f"no single document matches {key!r}",
                          hint="give a document id as the report lists it, or its file path")


def explain(state: ScanState, a_key: str, b_key: str) -> Explanation:
    from .edgemodel import default_model

    a, b = find_document(state, a_key), find_document(state, b_key)
    if a == b:
        raise ProvenanceError("explain needs two different documents")
    model = state.model or default_model()
    by_pair = {(e.a, e.b): e for e in state.evidence}
    probs = {}
    if state.evidence:
        p = model.probability(np.array([e.features for e in state.evidence]))
        probs = {(e.a, e.b): float(v) for e, v in zip(state.evidence, p)}
    hs = has_sources(state.analyzed, state.evidence, probs, model)
    ids = [an.id for an in state.analyzed]

    def direction(x: int, y: int) -> Direction:
        return Direction(ids[x], ids[y], probs.get((x, y)), by_pair.get((x, y)),
                         tuple(e for e in state.edges if e.source == ids[x] and e.target == ids[y]))

    copies = syndication(state.analyzed[a]).copies_alongside(syndication(state.analyzed[b]))
    return Explanation(
        a=ids[a], b=ids[b], forward=direction(a, b), backward=direction(b, a),
        has_source={ids[a]: float(hs[a]), ids[b]: float(hs[b])},
        parents={ids[k]: tuple(e for e in state.edges if e.target == ids[k]) for k in (a, b)},
        common_agency=state.analyzed[a].doc.agency if copies else None,
    )


_SHOWN = {
    "shared_words": "words aligned between them",
    "cov_b": "share of the target inside passages shared with the source",
    "cov_a": "share of the source inside passages shared with the target",
    "similarity": "word similarity of the shared passages",
    "narrative_share": "share of the shared text outside quotation marks",
    "rare_share": "share of the shared text no third document carries",
    "leak_b": "target's text shared with other documents, not with the source",
    "c3_b": "target's word trigrams found in the source",
    "quotes_shared": "quotes both carry",
    "b_trims": "shared quotes the target cuts shorter",
    "a_trims": "shared quotes the source cuts shorter",
    "cite_b_a": "the target names the source's outlet",
    "cite_a_b": "the source names the target's outlet",
    "self_origin_a": "the source names itself as where a quote was given",
    "dt_hours": "hours from the source's publication to the target's",
    "b_carries_a": "the target carries the source's agency dateline",
    "cov_gap": "target coverage compared with its best other candidate",
    "covered_by_wire": "share of what they share that another outlet's wire copy carries too",
    "credit_copied": "share of the target's credits of the source's outlet copied with another document's text",
}
_PERCENT = frozenset({"cov_b", "cov_a", "narrative_share", "rare_share", "leak_b", "c3_b", "covered_by_wire",
                       "credit_copied"})


def render(ex: Explanation) -> str:
    lines = [f"{terminal_safe(ex.a)} and {terminal_safe(ex.b)}", ""]
    for d in (ex.forward, ex.backward):
        head = f"{d.source} -> {d.target}: "
        if d.probability is None:
            lines.append(head + "no shared passage, quote or credit connects them this way")
            continue
        lines.append(head + f"probability {d.probability:.3f} that {d.source} is a direct source of {d.target}")
        if d.edges:
            for e in d.edges:
                lines.append(f"  edge in the graph: {e.relation}, confidence {e.confidence:.2f}"
                             + (", the target's most likely source" if e.primary else ""))
        else:
            lines.append("  no edge in the graph this way")
        ev = d.evidence
        assert ev is not None
        for name, words in _SHOWN.items():
            value = float(ev.features[FEATURES.index(name)])
            if math.isnan(value):
                if name == "dt_hours":
                    lines.append(f"    {words}: unknown (a publication time is missing)")
                continue
            if value == 0 and name not in ("shared_words", "cov_b", "cite_b_a"):
                continue
            shown = f"{value:.0%}" if name in _PERCENT \
                else (f"{value:.2f}" if not float(value).is_integer() else f"{int(value)}")
            lines.append(f"    {words}: {shown}")
        refs = [*ev.passages, *ev.quotes]
        if refs:
            lines.append(f"    shared passages and quotes: {', '.join(refs)}")
        for c in ev.citations:
            lines.append(f"    {c.kind} in {terminal_safe(c.doc)}: \u201c{terminal_safe(c.text, 100)}\u201d")
    if ex.common_agency:
        agency = terminal_safe(ex.common_agency)
        lines.append(f"Both republish {agency}'s text under their own names (its dateline): each had it from "
                     f"{agency}, not from the other.")
    lines.append("")
    for doc, p in ex.has_source.items():
        parents = ex.parents[doc]
        named = ", ".join(f"{e.source} ({e.relation}, {e.confidence:.2f})" for e in parents) or "none"
        lines.append(f"{doc}: probability {p:.3f} that it has a source in the corpus; its sources in the graph: {named}")
        if p >= 0.5 and not any(e.primary for e in parents):
            lines.append("  (likelier than not to have one, but spread over candidates none of which is likely enough"
                         " against no source at all)")
    return "\n".join(lines) + "\n"
