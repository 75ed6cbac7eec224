"""Derivation on METER (development half): newspaper articles against the PA copy of their story.

For each story, the PA copy and the newspaper articles are scanned together; each
newspaper article gets the share of its words that provenance finds came from PA (the
passages it shares with any PA take) and the probability of its best edge from PA.

- Derived (WD or PD) vs non-derived (ND): macro-F1 over the two classes.
- Wholly / partially / non-derived: macro-F1 over the three classes (published best 0.664,
  Clough et al., ACL 2002).
The two cut-offs on the derived share are chosen by 5-fold cross-validation over stories
(each fold's cut-offs fitted on the other folds), so every figure is measured on stories
the cut-offs were not fitted on; the cut-offs fitted on all stories are printed too.
- With every date removed (and with them): the share of derived articles whose most likely
  source in the graph is a PA document, and the same share of non-derived articles (there
  it is a false edge).
A plain 3-gram containment threshold (cross-validated the same way) is the baseline.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np

from provenance.config import ScanConfig
from provenance.corpus import read_corpus
from provenance.edgemodel import EdgeModel
from provenance.evidence import union
from provenance.outlets import default_registry
from provenance.pipeline import analyse, prepare

from .common import require
from .meter_data import METER, iso, stories


@dataclass
class Row:
    story: tuple[str, str, str]
    label: str
    share: float  # share of the article's words taken over from PA (aligned in passages shared with PA)
    p: float  # probability of the best edge from a PA document
    c3: float  # share of the article's word trigrams found in the PA copy
    pa_parent: bool  # its most likely source in the graph is a PA document


def _trigrams(an) -> set[tuple[str, str, str]]:
    n = an.words.norms
    return {(n[i], n[i + 1], n[i + 2]) for i in range(len(n) - 2)}


def story_rows(story, pa, papers, with_dates: bool, cfg: ScanConfig, model: EdgeModel | None = None) -> list[Row]:
    """One row per newspaper article of a story, scanned with its PA copy (`model`: the edge
    model to decode the graph with, default the built-in one)."""
    registry = default_registry()
    read = read_corpus([*pa, *[p.path for p in papers]], max_file_bytes=cfg.max_file_bytes)
    label_of = {str(p.path): p for p in papers}
    day = date.fromisoformat(iso(story[1]))
    docs = []
    for d in read.documents:
        paper = label_of.get(d.path)
        outlet = paper.newspaper if paper else "PA"
        published = None
        if with_dates:
            published = (day + timedelta(days=1)).isoformat() if paper else day.isoformat()
        docs.append(replace(d, outlet=outlet, published=published))
    analyzed = prepare(docs, registry, cfg)
    state = analyse(analyzed, cfg, registry, model=model)
    pa_ids = {an.id for an in analyzed if an.doc.path not in label_of}
    pa_tri = set().union(*(_trigrams(an) for an in analyzed if an.id in pa_ids)) if pa_ids else set()
    pos = {an.id: k for k, an in enumerate(analyzed)}
    rows = []
    for an in analyzed:
        paper = label_of.get(an.doc.path)
        if paper is None:
            continue
        k = pos[an.id]
        ranges = [r for e in state.evidence if e.b == k and analyzed[e.a].id in pa_ids for r in e.b_taken]
        covered = sum(e - s for s, e in union(ranges))
        share = covered / max(1, an.shareable_words)
        incoming = [e for e in state.edges if e.target == an.id]
        p = max((e.confidence for e in incoming if e.source in pa_ids), default=0.0)
        primary = [e for e in incoming if e.primary]
        tri = _trigrams(an)
        rows.append(Row(paper.story, paper.label, share, p, len(tri & pa_tri) / max(1, len(tri)),
                        bool(primary) and primary[0].source in pa_ids))
    return rows


def meter_rows(with_dates: bool, cfg: ScanConfig, model: EdgeModel | None = None) -> list[Row]:
    """The rows of every story's newspaper articles."""
    return [r for story, (pa, papers) in sorted(stories().items())
            for r in story_rows(story, pa, papers, with_dates, cfg, model)]


def pa_parent_shares(rows: list[Row]) -> tuple[float, float]:
    """The share of derived articles whose most likely source is a PA document, and the same
    share of non-derived ones (a false edge)."""
    derived = [r for r in rows if r.label != "ND"]
    nd = [r for r in rows if r.label == "ND"]
    return (sum(r.pa_parent for r in derived) / max(1, len(derived)), sum(r.pa_parent for r in nd) / max(1, len(nd)))


def _f1(pred: list[str], gold: list[str], classes: tuple[str, ...]) -> float:
    scores = []
    for c in classes:
        tp = sum(1 for p, g in zip(pred, gold) if p == c and g == c)
        fp = sum(1 for p, g in zip(pred, gold) if p == c and g != c)
        fn = sum(1 for p, g in zip(pred, gold) if p != c and g == c)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(scores) / len(scores)


def _classify(value: float, lo: float, hi: float) -> str:
    return "ND" if value < lo else ("PD" if value < hi else "WD")


def _fit(values: list[float], labels: list[str]) -> tuple[float, float]:
    grid = sorted(set(np.round(np.quantile(values, np.linspace(0, 1, 81)), 4)))
    best = (-1.0, 0.0, 1.0)
    for lo in grid:
        for hi in grid:
            if hi < lo:
                continue
            pred = [_classify(v, lo, hi) for v in values]
            f3 = _f1(pred, labels, ("WD", "PD", "ND"))
            f2 = _f1(["D" if x != "ND" else "ND" for x in pred], ["D" if x != "ND" else "ND" for x in labels], ("D", "ND"))
            score = f3 + f2
            if score > best[0]:
                best = (score, lo, hi)
    return best[1], best[2]


def cross_validated(rows: list[Row], value, folds: int = 5) -> tuple[float, float, tuple[float, float]]:
    keys = sorted({r.story for r in rows})
    fold_of = {k: n % folds for n, k in enumerate(keys)}
    preds: dict[int, str] = {}
    for f in range(folds):
        train = [r for r in rows if fold_of[r.story] != f]
        lo, hi = _fit([value(r) for r in train], [r.label for r in train])
        for n, r in enumerate(rows):
            if fold_of[r.story] == f:
                preds[n] = _classify(value(r), lo, hi)
    pred = [preds[n] for n in range(len(rows))]
    gold = [r.label for r in rows]
    f3 = _f1(pred, gold, ("WD", "PD", "ND"))
    f2 = _f1(["D" if p != "ND" else "ND" for p in pred], ["D" if g != "ND" else "ND" for g in gold], ("D", "ND"))
    return f2, f3, _fit([value(r) for r in rows], gold)


def run(out=sys.stdout) -> dict[str, float]:
    print("METER development half: newspaper articles against their story's PA copy", file=out)
    if not require(METER):
        return {}
    cfg = ScanConfig()
    results = {}
    by_story = sorted(stories().items())
    rows, nodates = meter_rows(True, cfg), meter_rows(False, cfg)
    counts = {lab: sum(1 for r in rows if r.label == lab) for lab in ("WD", "PD", "ND")}
    print(f"  {len(rows)} articles ({counts['WD']} WD, {counts['PD']} PD, {counts['ND']} ND), {len(by_story)} stories; "
          f"cut-offs cross-validated over stories (5 folds)", file=out)
    for name, value in (("provenance derived share", lambda r: r.share),
                        ("3-gram containment (baseline)", lambda r: r.c3)):
        f2, f3, (lo, hi) = cross_validated(rows, value)
        results[name] = {"derived_macro_f1": f2, "three_way_macro_f1": f3}
        print(f"  {name:30} derived/non-derived macro-F1 {f2:.3f}   WD/PD/ND macro-F1 {f3:.3f}   "
              f"(cut-offs on all stories: ND < {lo:.3f} <= PD < {hi:.3f} <= WD)", file=out)
    for name, key, rs in (("dates removed", "without_dates", nodates), ("with dates", "with_dates", rows)):
        pa_parent, nd_parent = pa_parent_shares(rs)
        results[f"pa_parent_{key}"] = pa_parent
        results[f"nd_pa_parent_{key}"] = nd_parent
        print(f"  {name}: PA copy is the most likely source of {pa_parent:.1%} of the {counts['WD'] + counts['PD']} "
              f"derived articles (and of {nd_parent:.1%} of the {counts['ND']} non-derived ones)", file=out)
    return results


if __name__ == "__main__":
    run()
