"""A breaking story as outlets cover it (tests/data/wire_story, written for these tests): a
wire agency's report (Reuters), a portal republishing it whole (Yahoo News), an aggregator
pasting two of its paragraphs with a credit, a second agency reporting the same scene on its
own (AP, with the same police quote heard at the scene) and a local paper running AP's text
under an intro of its own. The graph must say exactly that, with and without the metadata.
The story, its people and its bylines are invented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from provenance import scan
from provenance.graph import edges_between

STORY = Path(__file__).parent / "data" / "wire_story"


@pytest.fixture(scope="module")
def with_metadata():
    return scan(STORY, workers=1)


@pytest.fixture(scope="module")
def text_only(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wire_story_text_only")
    for f in STORY.glob("*.txt"):
        text = f.read_text(encoding="utf-8")
        (folder / f.name).write_text(re.sub(r"\A---\n.*?\n---\n\n?", "", text, flags=re.DOTALL), encoding="utf-8")
    return scan(folder, workers=1)


def _parent(report, doc: str) -> str | None:
    return next((e.source for e in report.edges if e.target == doc and e.primary), None)


def _linked(report, a: str, b: str) -> bool:
    return bool(edges_between(report.nodes, report.edges, a, b) or edges_between(report.nodes, report.edges, b, a))


def test_with_metadata_each_copy_points_at_its_source(with_metadata):
    r = with_metadata
    yahoo = next(e for e in r.edges if e.target == "yahoo" and e.primary)
    assert (yahoo.source, yahoo.relation) == ("reuters", "syndicated") and yahoo.share >= 0.9
    assert _parent(r, "aggregator") == "reuters"
    assert _parent(r, "localpaper") == "ap"
    assert _parent(r, "reuters") is None and _parent(r, "ap") is None


@pytest.mark.parametrize("report", ["with_metadata", "text_only"])
def test_two_agencies_at_one_scene_are_not_copies_and_share_a_primary_source(report, request):
    r = request.getfixturevalue(report)
    assert not _linked(r, "ap", "reuters") and not _linked(r, "ap", "yahoo")
    quoted = {e.target for e in r.edges if e.source == "primary:Ingrid Haugen"}
    assert {"ap", "reuters"} <= quoted
    (group,) = [q for q in r.quotes if q.text.startswith("We are taking no chances")]
    assert group.speaker == "Ingrid Haugen" and set(group.docs) == {"ap", "reuters", "yahoo", "aggregator", "localpaper"}


def test_from_the_text_alone_the_copies_still_point_at_the_right_agency(text_only):
    r = text_only
    docs = {d.id: d for d in r.documents}
    assert (docs["reuters"].agency, docs["yahoo"].agency, docs["ap"].agency) == ("Reuters", "Reuters", "AP")
    assert _parent(r, "aggregator") in ("reuters", "yahoo")  # both carry the pasted Reuters paragraphs
    assert _parent(r, "localpaper") == "ap"
    assert _parent(r, "yahoo") == "reuters"  # the copy lacks the report's last paragraph


@pytest.mark.parametrize("report", ["with_metadata", "text_only"])
def test_the_credits_are_found(report, request):
    r = request.getfixturevalue(report)
    credits = {(c.doc, c.cites) for c in r.citations if c.kind == "credit"}
    assert ("aggregator", "Reuters") in credits and ("localpaper", "AP") in credits


def test_the_summary_lists_a_passages_outlets_in_order_of_publication_and_quotes_the_first(with_metadata):
    from provenance.render.text import summary

    text = summary(with_metadata)
    line = next(x for x in text.splitlines() if "words, similarity" in x and "(aggregator)" in x)
    order = re.findall(r"\((\w+)\)", line)
    published = {d.id: d.published for d in with_metadata.documents}
    assert order == sorted(order, key=lambda d: published[d])
    shown = text.splitlines()[text.splitlines().index(line) + 1]
    assert "(Reuters)" in shown  # Reuters' own words, the earliest of them


def test_the_summary_and_the_quotes_show_the_time_of_day(with_metadata):
    from provenance.render.text import quotes_table, summary

    assert "2024-05-14 10:02" in summary(with_metadata)  # Reuters, published 10:02 UTC
    assert "Reuters 2024-05-14 10:02 (reuters)" in quotes_table(with_metadata)
