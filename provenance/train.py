"""Train the edge model on synthetic derivation corpora (`provenance train`).

Training corpora use seeds `TRAIN_SEEDS`; evaluation (`make bench`) uses `EVAL_SEEDS`,
which training never sees. Each seed draws its own mix of metadata: clean, noisy or
absent timestamps, known or unknown outlets, so one model serves corpora with rich
metadata and bare texts alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .config import ScanConfig
from .dates import parse_date
from .model import Document, Origin
from .outlets import OutletRegistry, default_registry
from .pipeline import ScanState, analyse, prepare
from .synth import SynthConfig, SynthDoc, generate

TRAIN_SEEDS = tuple(range(1, 321))
EVAL_SEEDS = tuple(range(1001, 1013))
PAIR_TREES = 600  # boosting rounds of the pair part (300 left text-alone parent accuracy at 0.850)
_TIMES = ("mixed", "clean", "absent", "noisy")
_OUTLETS = ("mixed", "known", "unknown")


def scenario(seed: int, stories: int = 16, timestamps: str | None = None, outlets: str | None = None) -> SynthConfig:
    """The synthetic corpus drawn for a seed."""
    return SynthConfig(stories=stories, seed=seed, timestamps=timestamps or _TIMES[seed % 4],  # type: ignore[arg-type]
                       outlets=outlets or _OUTLETS[seed % 3])  # type: ignore[arg-type]


def documents_of(synth: Iterable[SynthDoc]) -> list[Document]:
    """Synthetic documents as the reader would give them from a JSON corpus."""
    out = []
    for d in synth:
        meta: dict[str, Any] = {}
        origins: dict[str, Origin] = {}
        for key in ("outlet", "url"):
            if getattr(d, key):
                meta[key] = getattr(d, key)
                origins[key] = Origin("record")
        if d.published:
            iso = parse_date(d.published)
            if iso:
                meta["published"] = iso
                origins["published"] = Origin("record")
        out.append(Document(id=d.id, path=f"synthetic/{d.id}", text=d.text, format="json", encoding=None,
                            origins=origins, **meta))
    return out


@dataclass
class Labelled:
    state: ScanState
    truth: dict[str, SynthDoc]
    X: np.ndarray
    y: np.ndarray


def labelled(cfg: SynthConfig, scan_cfg: ScanConfig | None = None, registry: OutletRegistry | None = None,
             graph: bool = False, model=None) -> Labelled:
    """Scan a synthetic corpus and label every evidence pair with the truth."""
    scan_cfg = scan_cfg or ScanConfig()
    registry = registry or default_registry()
    synth = list(generate(cfg))
    analyzed = prepare(documents_of(synth), registry, scan_cfg)
    state = analyse(analyzed, scan_cfg, registry, graph=graph, model=model)
    if not graph:
        from .evidence import EvidenceBuilder

        state.evidence = EvidenceBuilder(analyzed, state.pair_passages, state.passages, state.quotes,
                                         state.citations, registry).build()
    truth = {d.id: d for d in synth}
    ids = [an.id for an in analyzed]
    X = np.array([e.features for e in state.evidence]) if state.evidence else np.zeros((0, 1))
    y = np.array([ids[e.a] in truth[ids[e.b]].parents for e in state.evidence], dtype=np.int64)
    return Labelled(state, truth, X, y)


#: Training corpora are scanned as large corpora are: candidate pairs from LSH only, though
#: they are small enough to have every pair aligned. A model trained so serves both kinds of
#: scan equally well (`python -m benchmarks graph` measures both). Pairs meeting on the
#: corpus's commonest words stay in (`min_rare_words=0`; at the default `common_word_min_docs`
#: corpora this small have no common words anyway): a small corpus aligns them all, and the
#: model learns from them what a weak, unrelated pair looks like (trained without them, common
#: words counted from a tenth of the documents alone, it lost 0.004-0.008 of parent accuracy
#: and took PA for the source of more METER articles that did not use it).
TRAIN_SCAN = ScanConfig(exhaustive_pairs=0, min_rare_words=0)


def training_data(seeds: Iterable[int], progress=None) -> Iterator[Labelled]:
    for k, seed in enumerate(seeds, start=1):
        yield labelled(scenario(seed), TRAIN_SCAN)
        if progress:
            progress("train", k, 0)


def _root_rows(item: Labelled, pair_model) -> tuple[np.ndarray, np.ndarray]:
    from collections import defaultdict

    from .edgemodel import root_features

    state = item.state
    p = pair_model.probability(item.X) if len(item.X) else np.zeros(0)
    prob = {(e.a, e.b): float(v) for e, v in zip(state.evidence, p)}
    by_target = defaultdict(list)
    for e in state.evidence:
        by_target[e.b].append(e)
    X = root_features(prob, by_target, len(state.analyzed), [an.shareable_words for an in state.analyzed])
    ids = [an.id for an in state.analyzed]
    y = np.array([bool(item.truth[i].parents) for i in ids], dtype=np.int64)
    return X, y


def train(seeds: Iterable[int] = TRAIN_SEEDS, out: Path | None = None, progress=None, folds: int = 4) -> dict[str, Any]:
    """Fit the edge model on the synthetic corpora of `seeds`; write it to `out` as JSON."""
    import json

    seeds = tuple(seeds)
    items = [item for item in training_data(seeds, progress) if len(item.y)]
    settings = {"train_seeds": [seeds[0], seeds[-1]], "synth_stories": scenario(seeds[0]).stories, "folds": folds}
    data = fit_model(items, settings, folds=folds)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    return data


def fit_model(items: list[Labelled], settings: dict[str, Any], *, folds: int = 4, without: tuple[str, ...] = (),
              min_samples_leaf: int = 30, seed: int = 0) -> dict[str, Any]:
    """The edge model (JSON-ready) learned from labelled corpora.

    The pair part learns from every related ordered pair. The root part learns from pair
    probabilities predicted out of fold (each fold's pairs scored by a pair model trained
    on the other folds), so it sees probabilities as they look on unseen corpora.
    `without` (feature names), `min_samples_leaf` (of the pair part's trees) and `seed` (of
    the trees' and the calibration's random draws) are for measuring what a feature or
    setting is worth, and how far another draw alone moves the figures (`python -m
    benchmarks ablation`): a feature left out is held at 0 in training, so no tree asks for it.
    """
    from .edgemodel import (
        FEATURES,
        ROOT_FEATURES,
        ROOT_INCREASING,
        EdgeModel,
        TreeModel,
        assemble,
        fit_trees,
    )

    columns = [FEATURES.index(name) for name in without]

    def pair_rows(part: list[Labelled]) -> tuple[np.ndarray, np.ndarray]:
        X = np.vstack([i.X for i in part])
        if columns:
            X = X.copy()
            X[:, columns] = 0.0
        return X, np.concatenate([i.y for i in part])

    pair = fit_trees(*pair_rows(items), FEATURES, seed=100 * seed, max_iter=PAIR_TREES, min_samples_leaf=min_samples_leaf)
    root_X, root_y = [], []
    for k in range(folds):
        held = [i for n, i in enumerate(items) if n % folds == k]
        rest = [i for n, i in enumerate(items) if n % folds != k]
        fold_model = TreeModel(fit_trees(*pair_rows(rest), FEATURES, seed=100 * seed + k + 1, max_iter=PAIR_TREES,
                                         min_samples_leaf=min_samples_leaf), FEATURES)
        for item in held:
            rx, ry = _root_rows(item, fold_model)
            root_X.append(rx)
            root_y.append(ry)
    root = fit_trees(np.vstack(root_X), np.concatenate(root_y), ROOT_FEATURES, seed=100 * seed, max_iter=150,
                     increasing=ROOT_INCREASING, min_samples_leaf=50)
    # The credit rates are measured with the graph the pair and root parts decode.
    decoder = EdgeModel(assemble(pair, root, {}, settings))
    return assemble(pair, root, credit_rates(items, decoder), settings)


def credit_rates(items: list[Labelled], model) -> dict[str, float]:
    """How often a source a document names that none of its parents explains
    (`graph.named_sources`, with the parents `model` decodes) is a true direct source on the
    training corpora, per case (`edgemodel.CREDIT_CASES`)."""
    from collections import Counter

    from .edgemodel import CREDIT_CASES
    from .graph import document_parents, named_sources

    hits: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for item in items:
        state = item.state
        ids = [an.id for an in state.analyzed]
        chosen = document_parents(state.analyzed, state.evidence, model).chosen
        for ns in named_sources(state.analyzed, state.citations, state.evidence, chosen):
            truth = item.truth[ids[ns.doc]]
            sources = {item.truth[p].true_outlet for p in truth.parents} | set(truth.external_parents)
            seen[ns.case] += 1
            hits[ns.case] += ns.name in sources
    return {case: round(hits[case] / seen[case], 4) for case in CREDIT_CASES if seen[case]}
