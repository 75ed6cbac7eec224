"""The source graph on held-out synthetic corpora (seeds training never sees).

Figures, for the learned edge model and for the hand-set formula it replaces:
- parent accuracy: documents whose most likely parent is a true direct source (or that
  are correctly left without a parent: originals, and copies of sources not in the corpus);
- edge precision and recall over document -> document edges; reversed edges;
- expected calibration error of the edge probabilities over every related ordered pair.
Two settings: with timestamps and outlet names, and from the text alone; each corpus
scanned as a small corpus is (every document pair aligned) and as a large one is (only the
pairs LSH proposes), since the model serves both.
"""

from __future__ import annotations

import itertools
import sys
import time
from dataclasses import dataclass

import numpy as np

from provenance.config import ScanConfig
from provenance.edgemodel import (
    ROOT_FEATURES,
    default_model,
    expected_calibration_error,
    heuristic_probability,
)
from provenance.graph import decode
from provenance.train import EVAL_SEEDS, labelled, scenario


class _Heuristic:
    """The hand-set formula behind the same interface as the learned model: a document has a
    source when its best candidate scores over one half."""

    def probability(self, X: np.ndarray, workers: int = 1) -> np.ndarray:
        return heuristic_probability(X) if len(X) else np.zeros(0)

    def has_source(self, X: np.ndarray) -> np.ndarray:
        return X[:, ROOT_FEATURES.index("max_p")] if len(X) else np.zeros(0)

    def credit(self, case: str) -> float:
        return default_model().credit(case)


@dataclass
class Counts:
    docs: int = 0
    correct: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    reversed: int = 0

    def add(self, other: Counts) -> None:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(other, k))


def score(item, model) -> tuple[Counts, np.ndarray, np.ndarray]:
    state = item.state
    _, edges = decode(state.analyzed, state.evidence, model, state.citations, state.quotes, state.registry)
    ids = {an.id for an in state.analyzed}
    doc_edges = [e for e in edges if e.source in ids and e.target in ids]
    primary = {e.target: e.source for e in doc_edges if e.primary}
    predicted = {(e.source, e.target) for e in doc_edges}
    truth = {(p, d.id) for d in item.truth.values() for p in d.parents}
    c = Counts(docs=len(ids))
    for doc_id in ids:
        parents = item.truth[doc_id].parents
        if parents:
            c.correct += primary.get(doc_id) in parents
        else:
            c.correct += doc_id not in primary
    c.tp = len(predicted & truth)
    c.fp = len(predicted - truth)
    c.fn = len(truth - predicted)
    c.reversed = sum(1 for a, b in predicted if (b, a) in truth)
    probs = model.probability(item.X) if len(item.X) else np.zeros(0)
    return c, probs, item.y


#: The two metadata settings of the held-out corpora: the `scenario` options of each.
METADATA = (("timestamps and outlets", {"timestamps": "clean", "outlets": "known"}),
            ("text alone", {"timestamps": "absent", "outlets": "unknown"}))


def parent_accuracy(items, model) -> float:
    """Share of the documents of labelled corpora whose most likely parent the graph gets right."""
    total = Counts()
    for item in items:
        total.add(score(item, model)[0])
    return total.correct / max(1, total.docs)


def run(out=sys.stdout, seeds=EVAL_SEEDS, stories: int = 16) -> dict[str, dict[str, float]]:
    print(f"Source graph on held-out synthetic corpora (seeds {seeds[0]}-{seeds[-1]}, {stories} stories each)", file=out)
    results = {}
    models = {"learned": default_model(), "hand-set": _Heuristic()}
    scans = (("", ScanConfig()), (", LSH", ScanConfig(exhaustive_pairs=0)))
    for (how, cfg), (what, kwargs) in itertools.product(scans, METADATA):
        setting = what + how
        t0 = time.perf_counter()
        items = [labelled(scenario(seed, stories=stories, **kwargs), cfg) for seed in seeds]
        elapsed = time.perf_counter() - t0
        for name, model in models.items():
            total = Counts()
            ps, ys = [], []
            for item in items:
                c, p, y = score(item, model)
                total.add(c)
                ps.append(p)
                ys.append(y)
            p_all, y_all = np.concatenate(ps), np.concatenate(ys)
            acc = total.correct / max(1, total.docs)
            prec = total.tp / max(1, total.tp + total.fp)
            rec = total.tp / max(1, total.tp + total.fn)
            ece = expected_calibration_error(p_all, y_all)
            results[f"{setting} / {name}"] = {"parent_accuracy": acc, "precision": prec, "recall": rec,
                                              "reversed": total.reversed, "ece": ece}
            print(f"  {setting:28} {name:9} parent accuracy {acc:.3f}  edge precision {prec:.3f}  recall {rec:.3f}  "
                  f"reversed {total.reversed}  ECE {ece:.3f}  ({total.docs} documents, {len(y_all)} pairs)", file=out)
        print(f"  ({elapsed:.0f}s to generate and scan)", file=out)
    return results


if __name__ == "__main__":
    run()
