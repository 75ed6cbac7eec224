"""The synthetic source-graph evaluation runs both edge models through the scan's decoder."""

from __future__ import annotations

import numpy as np

from benchmarks.graph_synth import _Heuristic, score
from provenance.edgemodel import default_model, heuristic_probability
from provenance.train import labelled, scenario


def test_learned_and_hand_set_models_both_decode_a_generated_corpus():
    item = labelled(scenario(1001, stories=2, timestamps="absent", outlets="unknown"))
    docs = len(item.state.analyzed)
    for model in (default_model(), _Heuristic()):
        counts, probs, y = score(item, model)
        assert counts.docs == docs and 0 <= counts.correct <= docs
        assert counts.tp + counts.fn == sum(len(d.parents) for d in item.truth.values())
        assert probs.shape == y.shape and np.all((probs >= 0) & (probs <= 1))
    np.testing.assert_array_equal(_Heuristic().probability(item.X), heuristic_probability(item.X))
