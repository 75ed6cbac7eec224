"""The edge model: evidence features -> calibrated probability that A is a direct source of B.

A scikit-learn HistGradientBoostingClassifier (which takes missing timestamps natively)
learns from synthetic derivation corpora; an isotonic regression fitted on held-back
pairs calibrates it. The trained model is stored as plain JSON (`data/edge_model.json`):
the trees' nodes and the calibration curve, with the feature names, training settings
and library versions. Loading it never unpickles anything; inference is a compiled walk
down each tree (`_trees.pyx`), checked against scikit-learn's own predictions by a test.

`provenance train` rebuilds the file from the synthetic corpora (seeded, so the same
command gives the same model). `heuristic_probability` is the hand-set formula the
learned model is measured against.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from . import _trees
from .errors import ConfigError
from .evidence import FEATURES
from .parallel import thread_blocks

MODEL_FORMAT = "provenance-edge-model"
# How a document names a source (`graph.NamedSource.case`), with the rate used when a model
# has not measured one.
CREDIT_CASES = {"credit-own": 0.5, "credit-shared": 0.5, "origin-own": 0.5, "origin-shared": 0.5, "dateline": 0.5}
MODEL_VERSION = 4
_BLOCK_ROWS = 8192  # rows per block in `TreeModel.raw`


def _flat_trees(trees: list[dict[str, Any]]) -> tuple[np.ndarray, ...]:
    """The nodes of all trees one after another, children as absolute node numbers: the
    arrays `_trees.raw_scores` takes after the rows (roots, leaf, feature, missing_left,
    threshold, left, right, value)."""
    sizes = [len(t["leaf"]) for t in trees]
    roots = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64) if trees else np.zeros(0, dtype=np.int64)

    def column(key: str, dtype: type, shift: bool = False) -> np.ndarray:
        parts = [np.asarray(t[key], dtype=dtype) + (root if shift else 0) for t, root in zip(trees, roots.tolist())]
        return np.ascontiguousarray(np.concatenate([np.zeros(0, dtype=dtype), *parts]))

    return (roots, column("leaf", np.uint8), column("feature", np.int64), column("missing_left", np.uint8),
            column("threshold", np.float64), column("left", np.int64, True), column("right", np.int64, True),
            column("value", np.float64))


class TreeModel:
    """Gradient-boosted trees plus an isotonic calibration curve, evaluated by a compiled loop
    (`_trees.pyx`)."""

    def __init__(self, data: dict[str, Any], features: tuple[str, ...]) -> None:
        if tuple(data["features"]) != features:
            raise ConfigError("the model was trained on other features than this provenance computes",
                              hint="rebuild it with `provenance train`")
        self.data = data
        self.baseline = float(data["baseline"])
        self._nodes = _flat_trees(data["trees"])
        self.iso_x = np.asarray(data["isotonic"]["x"], dtype=np.float64)
        self.iso_y = np.asarray(data["isotonic"]["y"], dtype=np.float64)

    def raw(self, X: np.ndarray, workers: int = 1) -> np.ndarray:
        """The boosted trees' raw scores (log-odds before calibration), one per row. Rows go in
        blocks of `_BLOCK_ROWS` on up to `workers` threads (the compiled loop lets go of the
        interpreter lock); each row's score is the same sum in the same order whatever the blocks."""
        X = np.ascontiguousarray(X, dtype=np.float64)
        if len(X) <= _BLOCK_ROWS:
            return self._raw(X)
        return np.concatenate(thread_blocks(lambda lo, hi: self._raw(X[lo:hi]), len(X), _BLOCK_ROWS, workers))

    def _raw(self, X: np.ndarray) -> np.ndarray:
        if not len(X):
            return np.zeros(0)
        return _trees.raw_scores(X, *self._nodes, self.baseline)

    def uncalibrated(self, X: np.ndarray, workers: int = 1) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.raw(X, workers)))

    def probability(self, X: np.ndarray, workers: int = 1) -> np.ndarray:
        """Calibrated probabilities (0-1), one per row."""
        if len(X) == 0:
            return np.zeros(0)
        return np.interp(self.uncalibrated(X, workers), self.iso_x, self.iso_y)


class EdgeModel:
    """The two learned parts of the source graph: `pair` gives the probability that A is a
    direct source of B; `root` the probability that a document has a source in the corpus
    at all, from what its candidate sources look like (`ROOT_FEATURES`)."""

    def __init__(self, data: dict[str, Any]) -> None:
        if data.get("format") != MODEL_FORMAT or data.get("version") != MODEL_VERSION:
            raise ConfigError(f"not a provenance edge model of version {MODEL_VERSION}",
                              hint="rebuild it with `provenance train`")
        self.data = data
        self.pair = TreeModel(data["pair"], FEATURES)
        self.root = TreeModel(data["root"], ROOT_FEATURES) if data.get("root") else None

    def probability(self, X: np.ndarray, workers: int = 1) -> np.ndarray:
        """Calibrated probabilities that each row's A is a direct source of its B (`workers`:
        threads, see `TreeModel.raw`)."""
        return self.pair.probability(X, workers)

    def credit(self, case: str) -> float:
        """Probability that an outlet a document names is its direct source, for a name no
        parent in the graph explains, by `case` (`CREDIT_CASES`: see `graph.NamedSource`)."""
        return float(self.data.get("credit", {}).get(case, CREDIT_CASES[case]))

    def has_source(self, X: np.ndarray) -> np.ndarray:
        """Calibrated probabilities that each row's document has a source in the corpus."""
        if self.root is None:
            return np.clip(X[:, ROOT_FEATURES.index("noisy_or")], 0.0, 1.0) if len(X) else np.zeros(0)
        return self.root.probability(X)


#: Features of a document's set of candidate sources, for the `root` part of the model.
# The root part's probability that a document has a source in the corpus never falls as the
# evidence for its candidates grows (it generalises better to documents unlike the synthetic ones).
ROOT_INCREASING = ("max_p", "sum_p", "noisy_or", "cited_candidate", "earlier_candidate")
ROOT_FEATURES: tuple[str, ...] = (
    "max_p", "second_p", "sum_p", "noisy_or", "n_candidates", "max_cov_b", "max_c3_b", "cover_all",
    "self_origin", "agency_text", "credits", "cited_candidate", "log_words", "max_margin", "earlier_candidate",
    "max_w2_b", "agency_candidate", "max_outlet_w2_b", "credits_absent",
)


def root_features(pair_probability: dict[tuple[int, int], float], evidence_by_target: dict[int, list],
                  n_docs: int, words: list[int]) -> np.ndarray:
    """One row of `ROOT_FEATURES` per document."""
    from .evidence import minus, union

    idx = {name: k for k, name in enumerate(FEATURES)}
    out = np.zeros((n_docs, len(ROOT_FEATURES)))
    for b in range(n_docs):
        cands = evidence_by_target.get(b, [])
        ps = sorted((pair_probability[(e.a, e.b)] for e in cands), reverse=True)
        f = [e.features for e in cands]
        covered = union([r for e in cands for r in e.b_ranges])
        whole = [(0, words[b])]
        margin = max((pair_probability[(e.a, e.b)] - pair_probability.get((e.b, e.a), 0.0) for e in cands), default=0.0)
        times = [x[idx["dt_hours"]] for x in f if not math.isnan(x[idx["dt_hours"]])]
        any_time = bool(times)
        own = cands[0].features if cands else None
        out[b] = (
            ps[0] if ps else 0.0,
            ps[1] if len(ps) > 1 else 0.0,
            sum(ps),
            1.0 - float(np.prod([1.0 - p for p in ps])) if ps else 0.0,
            len(cands),
            max((x[idx["cov_b"]] for x in f), default=0.0),
            max((x[idx["c3_b"]] for x in f), default=0.0),
            (words[b] - minus(whole, covered)) / max(1, words[b]),
            own[idx["self_origin_b"]] if own is not None else 0.0,
            own[idx["b_agency"]] if own is not None else 0.0,
            own[idx["credits_b"]] if own is not None else 0.0,
            max((x[idx["cite_b_a"]] for x in f), default=0.0),
            math.log1p(words[b]),
            margin,
            float(any(t > 0 for t in times)) if any_time else math.nan,
            max((x[idx["w2_b"]] for x in f), default=0.0),
            max(((x[idx["a_agency"]] == 1.0) * x[idx["w2_b"]] for x in f), default=0.0),
            max((x[idx["w2_b_outlet"]] for x in f), default=0.0),
            own[idx["cite_b_absent"]] if own is not None else 0.0,
        )
    return out


@lru_cache(maxsize=1)
def default_model() -> EdgeModel:
    text = resources.files("provenance").joinpath("data/edge_model.json").read_text(encoding="utf-8")
    return EdgeModel(json.loads(text))


def load_model(path: str | Path | None) -> EdgeModel:
    if path is None:
        return default_model()
    try:
        return EdgeModel(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as err:
        raise ConfigError(f"cannot read edge model {path}: {err}", hint="rebuild it with `provenance train`") from None


def heuristic_probability(X: np.ndarray) -> np.ndarray:
    """A hand-set formula, the baseline the learned model is measured against: copying
    is likelier with more shared narrative, a credit, an earlier source and a copy that
    holds less of its own text."""
    f = {name: X[:, k] for k, name in enumerate(FEATURES)}
    dt = np.nan_to_num(f["dt_hours"], nan=0.0)
    score = (
        -2.5
        + 4.0 * f["cov_b"] * f["narrative_share"]
        + 1.5 * (f["cov_b"] - f["cov_a"])
        + 2.5 * f["cite_b_a"] - 2.5 * f["cite_a_b"]
        + 1.0 * np.sign(dt) * (dt != 0)
        + 1.0 * np.nan_to_num(f["a_agency"]) - 0.5 * np.nan_to_num(f["b_agency"])
        + 2.0 * f["b_carries_a"] - 2.0 * f["a_carries_b"]
        + 0.7 * (f["b_trims"] - f["a_trims"]).clip(-2, 2)
        - 1.5 * f["self_origin_b"] + 0.5 * f["self_origin_a"]
        - 1.0 * f["leak_b"]
    )
    return 1.0 / (1.0 + np.exp(-score))


# --- training --------------------------------------------------------------------------------

def fit_trees(X: np.ndarray, y: np.ndarray, features: tuple[str, ...], *, seed: int = 0,
              calibration_share: float = 0.25, max_iter: int = 300, increasing: tuple[str, ...] = (),
              min_samples_leaf: int = 30) -> dict[str, Any]:
    """Train boosted trees on part of the rows and the isotonic curve on the rest; return
    the JSON-ready model part. The probability never falls as a feature in `increasing` grows."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.isotonic import IsotonicRegression

    rng = np.random.RandomState(seed)
    order = rng.permutation(len(y))
    cut = int(len(y) * (1 - calibration_share))
    train, calib = order[:cut], order[cut:]
    clf = HistGradientBoostingClassifier(
        max_iter=max_iter, learning_rate=0.06, max_leaf_nodes=24, min_samples_leaf=min_samples_leaf,
        l2_regularization=1.0, random_state=seed, early_stopping=False,
        monotonic_cst=[1 if f in increasing else 0 for f in features],
    )
    clf.fit(X[train], y[train])
    part = export_trees(clf, features)
    part.update(rows=len(y), positives=int(y.sum()))
    model = TreeModel(part, features)
    iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0)
    iso.fit(model.uncalibrated(X[calib]), y[calib])
    part["isotonic"] = {"x": [float(v) for v in iso.X_thresholds_], "y": [float(v) for v in iso.y_thresholds_]}
    return part


def export_trees(clf, features: tuple[str, ...]) -> dict[str, Any]:
    """A fitted binary HistGradientBoostingClassifier as a JSON-ready model part (identity calibration)."""
    trees = []
    for iteration in clf._predictors:
        (predictor,) = iteration
        nodes = predictor.nodes
        trees.append({
            "feature": nodes["feature_idx"].tolist(),
            "threshold": [float(v) for v in nodes["num_threshold"]],
            "missing_left": [bool(v) for v in nodes["missing_go_to_left"]],
            "left": nodes["left"].tolist(),
            "right": nodes["right"].tolist(),
            "leaf": [bool(v) for v in nodes["is_leaf"]],
            "value": [float(v) for v in nodes["value"]],
            "depth": int(nodes["depth"].max()),
        })
    return {
        "features": list(features),
        "baseline": float(np.ravel(clf._baseline_prediction)[0]),
        "trees": trees,
        "isotonic": {"x": [0.0, 1.0], "y": [0.0, 1.0]},
    }


def assemble(pair: dict[str, Any], root: dict[str, Any] | None, credit: dict[str, float],
             settings: dict[str, Any]) -> dict[str, Any]:
    import sklearn

    return {"format": MODEL_FORMAT, "version": MODEL_VERSION, "pair": pair, "root": root, "credit": credit,
            "trained": {"scikit-learn": sklearn.__version__, **settings}}


def expected_calibration_error(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """ECE with equal-width bins: the mean gap between confidence and accuracy."""
    if len(p) == 0:
        return math.nan
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            total += mask.sum() / len(p) * abs(p[mask].mean() - y[mask].mean())
    return float(total)
