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
    """One row of `ROOT_FEATURES` per document. The columns that are a candidate's feature (its
    largest over the candidates, or the first candidate's) are taken from one matrix of all
    candidates, grouped by target; the probabilities and covered words per target."""
    from .evidence import minus, union

    col = {name: k for k, name in enumerate(ROOT_FEATURES)}
    idx = {name: k for k, name in enumerate(FEATURES)}
    out = np.zeros((n_docs, len(ROOT_FEATURES)))
    out[:, col["log_words"]] = [math.log1p(w) for w in words]
    out[:, col["earlier_candidate"]] = math.nan  # no candidate with a time
    targets = [b for b in range(n_docs) if evidence_by_target.get(b)]
    if not targets:
        return out
    counts = np.array([len(evidence_by_target[b]) for b in targets], dtype=np.int64)
    starts = np.cumsum(counts) - counts
    F = np.array([e.features for b in targets for e in evidence_by_target[b]], dtype=np.float64)
    rows = np.array(targets, dtype=np.int64)
    out[rows, col["n_candidates"]] = counts
    largest = {"max_cov_b": F[:, idx["cov_b"]], "max_c3_b": F[:, idx["c3_b"]], "cited_candidate": F[:, idx["cite_b_a"]],
               "max_w2_b": F[:, idx["w2_b"]], "agency_candidate": (F[:, idx["a_agency"]] == 1.0) * F[:, idx["w2_b"]],
               "max_outlet_w2_b": F[:, idx["w2_b_outlet"]]}
    for name, values in largest.items():
        out[rows, col[name]] = np.maximum.reduceat(values, starts)
    own = F[starts]  # the target's own figures, the same in each of its candidates' rows
    for name, feature in (("self_origin", "self_origin_b"), ("agency_text", "b_agency"), ("credits", "credits_b"),
                          ("credits_absent", "cite_b_absent")):
        out[rows, col[name]] = own[:, idx[feature]]
    dt = F[:, idx["dt_hours"]]
    timed = np.logical_or.reduceat(~np.isnan(dt), starts)
    out[rows[timed], col["earlier_candidate"]] = np.logical_or.reduceat(dt > 0, starts)[timed]
    for b in targets:
        cands = evidence_by_target[b]
        ps = sorted((pair_probability[(e.a, e.b)] for e in cands), reverse=True)
        covered = union([r for e in cands for r in e.b_ranges])
        out[b, col["max_p"]] = ps[0]
        out[b, col["second_p"]] = ps[1] if len(ps) > 1 else 0.0
        out[b, col["sum_p"]] = sum(ps)
        out[b, col["noisy_or"]] = 1.0 - float(np.prod([1.0 - p for p in ps]))
        out[b, col["cover_all"]] = (words[b] - minus([(0, words[b])], covered)) / max(1, words[b])
        out[b, col["max_margin"]] = max(pair_probability[(e.a, e.b)] - pair_probability.get((e.b, e.a), 0.0) for e in cands)
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
