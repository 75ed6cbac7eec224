"""The seed corpus against ../shared/seeds/gold.json (copied to tests/data/seed_gold.json)."""

from __future__ import annotations

import re

import pytest
from conftest import GOLD


def fold(s: str) -> str:
    s = s.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    return re.sub(r"\s+", " ", s)


@pytest.fixture(params=["with sources.csv", "without sources.csv"])
def report(request, seed_report, seed_report_without_metadata):
    return seed_report if request.param == "with sources.csv" else seed_report_without_metadata


def _groups_with(report, snippet):
    return [g for g in report.quotes if any(fold(snippet) in fold(o.text) for o in g.occurrences)]


@pytest.mark.parametrize("cluster", GOLD["quote_clusters"], ids=lambda c: c["id"])
def test_gold_quote_clusters(report, cluster):
    groups = [g for g in _groups_with(report, cluster["snippet"]) if len(g.docs) > 1]
    assert len(groups) == 1, [g.id for g in groups]
    (g,) = groups
    assert list(g.docs) == sorted(cluster["docs"])
    assert g.speaker is not None and g.speaker.casefold() == cluster["speaker"].casefold()
    for o in g.occurrences:
        assert fold(cluster["snippet"]) in fold(o.text)
        if "variants" in cluster:
            assert any(fold(v) in fold(o.text) for v in cluster["variants"])


def test_exactly_the_six_gold_quotes_are_shared(report):
    shared = [g for g in report.quotes if len(g.docs) > 1]
    assert len(shared) == len(GOLD["quote_clusters"])


@pytest.mark.parametrize("pair", GOLD["quote_singletons_must_stay_apart"], ids=lambda p: p["a"][:20])
def test_different_statements_stay_apart(report, pair):
    a = _groups_with(report, pair["a"])
    b = _groups_with(report, pair["b"])
    assert a and b
    assert not {g.id for g in a} & {g.id for g in b}


@pytest.mark.parametrize("doc", sorted(GOLD["citations"]))
def test_gold_citations(report, doc):
    found = {c.cites.casefold() for c in report.citations if c.doc == doc and c.kind in ("credit", "origin", "primary")}
    assert found == {n.casefold() for n in GOLD["citations"][doc]}


def test_image_credits_and_self_mentions_are_recorded_but_not_sources(report):
    kinds = {(c.doc, c.kind, c.cites) for c in report.citations}
    assert ("002_eb821266e9826b82", "image", "Reuters") in kinds
    assert ("000_352b0f2477f577fd", "self", "TASS") in kinds
    assert ("003_815a1287ab63631f", "image", "UPI") in kinds
