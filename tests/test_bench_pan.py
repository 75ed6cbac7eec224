"""The PAN evaluation's passage-to-case step and its measures (no PAN data needed)."""

from __future__ import annotations

import pytest

from benchmarks.pan import Case, as_cases, measures


def test_a_summary_found_as_three_passages_is_one_case():
    # three sentences side by side in the suspicious document, from all over a source section
    found = [Case((0, 120), (100, 400)), Case((130, 250), (1500, 1800)), Case((260, 380), (3900, 4200))]
    (case,) = as_cases(found)
    assert case == Case((0, 380), (100, 4200))


def test_passages_far_apart_in_either_document_stay_apart():
    far_in_suspicious = [Case((0, 100), (0, 100)), Case((1000, 1100), (150, 250))]
    far_in_source = [Case((0, 100), (0, 100)), Case((150, 250), (20_000, 20_100))]
    assert as_cases(far_in_suspicious) == far_in_suspicious
    assert as_cases(far_in_source) == far_in_source


def test_measures_count_granularity_and_character_recall():
    truth = {"p": [Case((0, 100), (0, 100))]}
    split = {"p": [Case((0, 50), (0, 50)), Case((50, 100), (50, 100))]}
    m = measures(truth, split)
    assert m["recall"] == pytest.approx(1.0) and m["precision"] == pytest.approx(1.0)
    assert m["granularity"] == pytest.approx(2.0)
    assert m["plagdet"] == pytest.approx(1 / 1.5849625, rel=1e-6)  # F1 / log2(1 + 2)
    assert measures(truth, {"p": as_cases(split["p"])})["plagdet"] == pytest.approx(1.0)
