"""The edge model: JSON trees evaluated by the compiled loop agree with scikit-learn; loading is safe."""

from __future__ import annotations

import json

import numpy as np
import pytest

from provenance.edgemodel import (
    _BLOCK_ROWS,
    MODEL_FORMAT,
    EdgeModel,
    TreeModel,
    default_model,
    expected_calibration_error,
    export_trees,
    fit_trees,
    load_model,
)
from provenance.errors import ConfigError
from provenance.evidence import FEATURES


def _data(n: int = 3000, d: int = 6, seed: int = 3):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, d))
    y = ((X[:, 0] + 0.5 * X[:, 1] ** 2 - X[:, 2] * X[:, 3] + rng.normal(scale=0.5, size=n)) > 0.3).astype(int)
    X[rng.random_sample(X.shape) < 0.1] = np.nan  # missing values take the learned branch
    return X, y


def test_compiled_inference_matches_scikit_learn():
    from sklearn.ensemble import HistGradientBoostingClassifier

    X, y = _data()
    names = tuple(f"f{k}" for k in range(X.shape[1]))
    clf = HistGradientBoostingClassifier(max_iter=40, max_leaf_nodes=16, random_state=0).fit(X, y)
    ours = TreeModel(export_trees(clf, names), names).uncalibrated(X)
    np.testing.assert_allclose(ours, clf.predict_proba(X)[:, 1], rtol=1e-9, atol=1e-12)


def test_rows_in_blocks_on_threads_score_exactly_as_in_one_pass():
    from sklearn.ensemble import HistGradientBoostingClassifier

    X, y = _data(n=2 * _BLOCK_ROWS + 37)
    names = tuple(f"f{k}" for k in range(X.shape[1]))
    clf = HistGradientBoostingClassifier(max_iter=15, max_leaf_nodes=8, random_state=0).fit(X, y)
    model = TreeModel(export_trees(clf, names), names)
    whole = model._raw(X)
    np.testing.assert_array_equal(model.raw(X), whole)
    np.testing.assert_array_equal(model.raw(X, workers=2), whole)
    np.testing.assert_array_equal(model.raw(X[:5], workers=2), whole[:5])


def test_a_split_of_the_missing_values_alone_sends_them_the_learned_way():
    """scikit-learn splits a column whose only signal is being missing with the threshold
    +inf, missing values to the right; the compiled evaluation must send them right too."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.RandomState(5)
    X = np.ones((2000, 2))
    X[:, 1] = rng.normal(size=2000)
    missing = rng.random_sample(2000) < 0.4
    X[missing, 0] = np.nan
    y = (missing ^ (rng.random_sample(2000) < 0.1)).astype(int)
    names = ("f0", "f1")
    clf = HistGradientBoostingClassifier(max_iter=20, max_leaf_nodes=4, random_state=0).fit(X, y)
    part = export_trees(clf, names)
    assert any(np.isinf(t["threshold"]).any() for t in part["trees"])
    np.testing.assert_allclose(TreeModel(part, names).uncalibrated(X), clf.predict_proba(X)[:, 1],
                               rtol=1e-9, atol=1e-12)


def test_fitted_part_is_calibrated_and_round_trips_through_json():
    X, y = _data(n=6000)
    names = tuple(f"f{k}" for k in range(X.shape[1]))
    part = fit_trees(X, y, names, max_iter=60)
    again = TreeModel(json.loads(json.dumps(part)), names)
    p = again.probability(X)
    assert np.all((p >= 0) & (p <= 1))
    assert expected_calibration_error(p, y) < 0.05
    np.testing.assert_array_equal(p, TreeModel(part, names).probability(X))


def test_built_in_model_matches_this_code():
    model = default_model()
    assert model.pair.data["features"] == list(FEATURES)
    assert model.root is not None
    X = np.zeros((3, len(FEATURES)))
    X[:, FEATURES.index("dt_hours")] = np.nan
    p = model.probability(X)
    assert p.shape == (3,) and np.all((p >= 0) & (p <= 1))


def test_calibration_error_measures_the_gap():
    y = np.array([1, 0] * 50)
    assert expected_calibration_error(np.full(100, 0.5), y) == pytest.approx(0.0)
    assert expected_calibration_error(np.full(100, 0.9), y) == pytest.approx(0.4)


def test_models_of_other_formats_or_features_are_refused(tmp_path):
    data = json.loads(json.dumps(default_model().data))
    with pytest.raises(ConfigError, match="version"):
        EdgeModel({**data, "version": -1})
    with pytest.raises(ConfigError, match="other features"):
        EdgeModel({**data, "pair": {**data["pair"], "features": data["pair"]["features"][:-1]}})
    bad = tmp_path / "model.json"
    bad.write_bytes(b"\x80\x04\x95 pickled")  # never unpickled: a JSON error, reported by name
    with pytest.raises(ConfigError, match="cannot read edge model"):
        load_model(bad)
    assert data["format"] == MODEL_FORMAT


def test_a_feature_left_out_of_training_is_never_asked_for():
    """`train.fit_model(without=...)`, the ablation benchmark's retraining: no tree of the pair
    part splits on a feature left out, and the model decodes as any other."""
    from provenance.train import fit_model, labelled, scenario

    items = [labelled(scenario(seed, stories=2)) for seed in (1, 2, 3, 4)]  # each fold with timestamps
    left_out = ("cov_b", "c3_b", "a_start")
    data = fit_model(items, {"note": "test"}, folds=2, without=left_out)
    asked = {f for t in data["pair"]["trees"] for f, leaf in zip(t["feature"], t["leaf"]) if not leaf}
    assert asked and not asked & {FEATURES.index(name) for name in left_out}
    assert data["trained"]["note"] == "test"
    model = EdgeModel(data)
    p = model.probability(items[0].X)
    assert p.shape == (len(items[0].X),) and np.all((p >= 0) & (p <= 1))
