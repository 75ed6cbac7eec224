"""What parts of the edge model are worth: the model retrained without a group of features
(or with another setting), measured as `graph` and `meter` measure the built-in one.

For each variant: parent accuracy on the held-out synthetic corpora (timestamps and outlets;
text alone), and on METER the share of derived articles whose most likely source is the PA
copy, beside the same share of the non-derived ones (a false edge), dates removed and with
them. The first row retrains with the shipped settings: it is the built-in model (the same
seeds give the same model, `provenance train`), so every other row differs from it by its
variant alone; the next two change only the random draws of the trees and the calibration,
which shows how far chance alone moves each figure. About 17 minutes on 2 cores: not part of
`make bench`'s default run (`python -m benchmarks ablation`).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from provenance.config import ScanConfig
from provenance.edgemodel import EdgeModel, default_model
from provenance.train import EVAL_SEEDS, TRAIN_SEEDS, fit_model, labelled, scenario, training_data

from .common import require
from .graph_synth import METADATA, parent_accuracy
from .meter_data import METER
from .meter_graph import meter_rows, pa_parent_shares

#: name -> `train.fit_model` options.
VARIANTS: dict[str, dict[str, Any]] = {
    "shipped settings": {},
    "shipped settings, other random draws (seed 1)": {"seed": 1},
    "shipped settings, other random draws (seed 2)": {"seed": 2},
    "without where the shared text lies (a_start .. b_end)": {"without": ("a_start", "a_end", "b_start", "b_end")},
    "without the material shared with third documents (leak_a, leak_b)": {"without": ("leak_a", "leak_b")},
    "without the candidate context (cov_gap .. covered_by_wire)": {
        "without": ("cov_gap", "sim_gap", "c3_gap", "unique_cov", "covered_by_best", "n_candidates", "covered_by_wire")},
    "without the outlet's other documents (cov_b_outlet, w2_b_outlet)": {"without": ("cov_b_outlet", "w2_b_outlet")},
    "without whether a credit came with a third document's text (credit_copied)": {"without": ("credit_copied",)},
    "pair trees with leaves of at least 300 pairs (30)": {"min_samples_leaf": 300},
}


def run(out=sys.stdout) -> dict[str, dict[str, float]]:
    print("Edge model ablations: retrained on the training seeds, measured on held-out synthetic corpora and METER",
          file=out)
    with_meter = require(METER)
    items = [item for item in training_data(TRAIN_SEEDS) if len(item.y)]
    held_out = {what: [labelled(scenario(seed, stories=16, **kwargs), ScanConfig()) for seed in EVAL_SEEDS]
                for what, kwargs in METADATA}
    shipped = default_model().data
    settings = {k: v for k, v in shipped["trained"].items() if k != "scikit-learn"}
    results = {}
    print(f"  {'':68} {'synthetic parent accuracy':>27}   {'METER: PA the source of derived (non-derived)':>46}", file=out)
    print(f"  {'variant':68} {'metadata':>13} {'text alone':>13}   {'dates removed':>22} {'with dates':>22}", file=out)
    for name, options in VARIANTS.items():
        data = fit_model(items, settings, **options)
        model = EdgeModel(data)
        figures = {what: parent_accuracy(held, model) for what, held in held_out.items()}
        line = f"  {name:68} {figures['timestamps and outlets']:13.3f} {figures['text alone']:13.3f}"
        if with_meter:
            cfg = ScanConfig()
            for key, dated in (("without_dates", False), ("with_dates", True)):
                derived, nd = pa_parent_shares(meter_rows(dated, cfg, model))
                figures[f"pa_parent_{key}"], figures[f"nd_pa_parent_{key}"] = derived, nd
                line += f"   {derived:10.1%} ({nd:6.1%})"
        if not options:
            same = json.dumps(data, sort_keys=True) == json.dumps(shipped, sort_keys=True)
            line += "   (the built-in model)" if same else "   (not the built-in model: retrain it with `provenance train`)"
        print(line, file=out, flush=True)
        results[name] = figures
    return results


if __name__ == "__main__":
    run()
